// Package modules holds egg's built-in modules (one package each under
// modules/<name>, mirroring Egg's default plugins) and Default, the
// default framework that bundles the ones Egg turns on by default.
//
//	egg.Run(modules.Default(), egg.Name("shop"), app.Module)
//
// Switch one off by name: egg.Disable("security"). Use a built-in on its
// own by passing its Module: egg.New(onerror.Module, app.Module).
package modules

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
)

// Default returns egg's default framework, named "egg": the built-in
// modules that Egg turns on by default, in Egg's middleware order
// (egg-facts §4):
//
//	onerror     errors rendered as JSON, HTML or text by Accept (Egg's onerror)
//	bodyparser  Ctx.Bind for JSON, forms and query, validated (bodyParser + egg-validate)
//
// Disable any of them by name with egg.Disable.
func Default() egg.FrameworkOption {
	return egg.Framework("egg", onerror.Module, bodyparser.Module)
}
