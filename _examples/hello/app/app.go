// Package app is Egg's app/ directory: the application's own module, made
// of the conventional parts — controller, service and middleware, each a
// package with its own egg.Module — plus the router (router.go), the boot
// hooks (boot.go, Egg's app.js) and the app's config type (Config).
package app

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/controller"
	"github.com/egg-go/egg/_examples/hello/app/middleware"
	"github.com/egg-go/egg/_examples/hello/app/service"
)

// Module is the whole application: hand it to egg.Run after the framework
// (modules.Default()). Its parts are modules of their own, so that a test can
// start just the service layer, or replace one part.
var Module = egg.Module("hello",
	egg.Config(Config{Greeting: "Hello from egg", Seed: true}),
	egg.Boot(NewBoot),
	egg.Routes(Routes),
	service.Module,
	controller.Module,
	middleware.Module,
)

// Config is the app's own config (Egg's config.default.js keys of the
// app); per-env values are set in package config. Inject it by value.
type Config struct {
	// Greeting is the message of GET /. Default "Hello from egg".
	// Env HELLO_GREETING.
	Greeting string `env:"GREETING"`
	// Seed adds two demo users when the app starts. Default true; false
	// in prod. Env HELLO_SEED.
	Seed bool `env:"SEED"`
}
