// Package config is Egg's config/ directory: the app's config layer over
// the framework's and the modules' defaults. Options holds what
// config.default.js would (every env), then what config.local.js and
// config.prod.js would (one env each, applied after).
//
// Environment variables win over all of it: PORT, EGG_HOST, EGG_LOG,
// HELLO_GREETING, ... (each config field documents its own).
package config

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app"
	"go.uber.org/fx"
)

// Options is the app's config, as options for egg.Run next to the
// modules. It is a slice, not one fx.Options: egg reads each Configure
// where it is written, at the top level.
func Options() []fx.Option {
	return []fx.Option{
		// config.default.js
		egg.Configure(func(c *egg.HTTPConfig) {
			c.Middleware = []string{"apiMeta"} // Egg's config.middleware
			if c.MiddlewareOptions == nil {
				c.MiddlewareOptions = map[string]egg.MiddlewareOptions{}
			}
			c.MiddlewareOptions["apiMeta"] = egg.MiddlewareOptions{
				Match: []egg.Matcher{egg.PathPrefix("/api")}, // Egg's match: '/api'
			}
		}),

		// config.local.js
		egg.ConfigureEnv("local", func(c *app.Config) { c.Greeting = "Hello from egg (local)" }),

		// config.prod.js
		egg.ConfigureEnv("prod", func(c *egg.ServerConfig) { c.Host = "0.0.0.0" }),
		egg.ConfigureEnv("prod", func(c *app.Config) { c.Seed = false }),
	}
}
