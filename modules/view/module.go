package view

import (
	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name: the prefix of its environment variables
// (VIEW_) and its name in egg.Disable and egg.Requires.
const Name = "view"

// Module is module "view" (Egg's egg-view): it renders templates under
// app/view with the engine mapped to their extension — html/template for
// .html, built in; contrib/gonja adds Jinja for .njk and .jinja — with
// request helpers (pathFor, urlFor and any a module adds with AddHelper)
// in every template. Handlers call view.Render(c, name, data).
// Config: Config, env prefix VIEW_; templates are parsed once (Cache) in
// every env but local, where they are re-read when a file changes. It adds
// no middleware: a request that renders nothing pays nothing.
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.ConfigureEnv("local", func(c *Config) { c.Cache = false }),
	fx.Provide(newView),
	RegisterEngine(func(cfg Config) EngineSpec { return htmlEngineSpec(cfg.SharedDirs, cfg.CompileHTML) }),
	egg.Scoped[*handle](func(v *View) func(*egg.Ctx) *handle {
		h := &handle{v}
		return func(*egg.Ctx) *handle { return h }
	}),
	egg.Boot(func(v *View) *View { return v }),
)

// handle is how Render finds the app's View from a Ctx: a request-scoped
// service (egg.Use) whose factory returns the same pointer every time, so
// it costs a few type assertions and no allocation. *View itself stays an
// ordinary singleton that anyone may inject.
type handle struct{ v *View }

type viewParams struct {
	fx.In
	App     *egg.App
	Config  Config
	Engines []EngineSpec `group:"egg.view.engines"`
	Helpers []Helper     `group:"egg.view.helpers"`
}

func newView(p viewParams) *View {
	return New(p.Config, p.App.BaseDir(), p.App.LoggerFor(Name), p.Engines, p.Helpers)
}
