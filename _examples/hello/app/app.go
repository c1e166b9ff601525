// Package app is Egg's app/ directory: the application's own module, made
// of the conventional parts — controller, service and middleware, each a
// package with its own egg.Module — plus the router (router.go), the boot
// hooks (boot.go, Egg's app.js). The app's config type lives in package
// config, which every part can import without a cycle.
package app

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/controller"
	"github.com/egg-go/egg/_examples/hello/app/middleware"
	"github.com/egg-go/egg/_examples/hello/app/service"
	"github.com/egg-go/egg/_examples/hello/config"
)

// Module is the whole application: hand it to egg.Run after the framework
// (modules.Default()). Its parts are modules of their own, so that a test can
// start just the service layer, or replace one part.
var Module = egg.Module("hello",
	egg.Config(config.Defaults()),
	egg.Boot(NewBoot),
	egg.Routes(Routes),
	service.Module,
	controller.Module,
	middleware.Module,
)
