// Package controller is Egg's app/controller for the site: handlers that
// read the request, call services and render a page, redirect or answer
// JSON.
package controller

import (
	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module provides the controllers.
var Module = egg.Module("site.controller",
	fx.Provide(NewHome, NewAuth, NewRegister, NewMe, NewUpload),
)
