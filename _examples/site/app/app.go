// Package app is Egg's app/ directory for the site: the application's
// own module, made of the conventional parts — controller, service, model
// and schedule, each a package with its own egg.Module — plus the router
// (router.go) and the templates and public files (app/view, app/public,
// embedded by the main package).
package app

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/controller"
	"github.com/egg-go/egg/_examples/site/app/model"
	"github.com/egg-go/egg/_examples/site/app/schedule"
	"github.com/egg-go/egg/_examples/site/app/service"
	"github.com/egg-go/egg/modules/view"
)

// Module is the whole application: hand it to egg.Run after the framework
// (modules.Default()) and gorm.Module (contrib/gorm), which it requires.
var Module = egg.Module("site",
	egg.Routes(Routes),
	// {{ currentUser }} in every template: Egg's ctx.locals / view helper
	view.AddHelper(view.Func("currentUser", controller.CurrentUser)),
	model.Module,
	service.Module,
	controller.Module,
	schedule.Module,
)
