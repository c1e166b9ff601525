// Package config is Egg's config/ directory: the app's own config type and
// the app's config layer over the framework's and the modules' defaults.
// Options holds what config.default.js would (every env), then what
// config.local.js and config.prod.js would (one env each, applied after).
//
// The type lives here, not in package app, so that every package of the
// app (services, controllers, middleware) can import it without an import
// cycle: config imports no package of the app.
//
// Environment variables win over all of it: PORT, EGG_HOST, EGG_LOG,
// HELLO_GREETING, ... (each config field documents its own).
package config

import (
	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Config is the app's own config (Egg's config.default.js keys of the
// app), declared by app.Module with Defaults. Inject it by value.
type Config struct {
	// Greeting is the message of GET /. Default "Hello from egg".
	// Env HELLO_GREETING.
	Greeting string `env:"GREETING"`
	// Seed adds two demo users when the app starts. Default true; false
	// in prod. Env HELLO_SEED.
	Seed bool `env:"SEED"`
	// QuoteURL is the outbound API behind GET /api/quote. Default
	// https://api.quotable.io/random. Env HELLO_QUOTE_URL.
	QuoteURL string `env:"QUOTE_URL"`
}

// Defaults are the app's config defaults.
func Defaults() Config {
	return Config{Greeting: "Hello from egg", Seed: true, QuoteURL: "https://api.quotable.io/random"}
}

// Options is the app's config, as options for egg.Run next to the
// modules. It is a slice, not one fx.Options: egg reads each Configure
// where it is written, at the top level.
func Options() []fx.Option {
	return []fx.Option{
		// config.default.js: config.middleware = ['apiMeta'], with match '/api'
		egg.UseMiddleware("apiMeta", egg.Match("/api")),

		// config.local.js
		egg.ConfigureEnv("local", func(c *Config) { c.Greeting = "Hello from egg (local)" }),

		// config.prod.js
		egg.ConfigureEnv("prod", func(c *egg.ServerConfig) { c.Host = "0.0.0.0" }),
		egg.ConfigureEnv("prod", func(c *egg.HostConfig) { c.AllowedHosts = []string{"localhost", ".example.com"} }),
		egg.ConfigureEnv("prod", func(c *Config) { c.Seed = false }),
	}
}
