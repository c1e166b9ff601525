package egg

import (
	"context"
	"log/slog"
	"reflect"

	"go.uber.org/fx"
)

// kernel is module "egg": the app itself, its configs and the hooks that
// drive the boot phases.
type kernel struct {
	plan *plan
	app  *App
}

// kernelDecls declares the kernel's own configs, as module "egg".
func kernelDecls(w *walker) {
	m := &moduleInfo{name: "egg", enabled: true, index: -1}
	w.plan.kernel = m
	w.cur = m
	w.walk([]fx.Option{
		Config(AppConfig{RunDir: "run", DumpConfig: true}, EnvPrefix("")),
		Config(DefaultServerConfig(), EnvPrefix("")),
		Config(HTTPSConfig{}, EnvPrefix("")),
		Config(LoggerConfig{}, EnvPrefix("")),
		Config(DefaultHTTPConfig(), EnvPrefix("")),
		Config(HostConfig{}, EnvPrefix("")),
	})
	w.cur = nil
}

// kernelDefaults adds the kernel's defaults that depend on how the app
// runs, once the plan knows: no run/ dump from tests or from an app
// without its own server (a host that embeds egg owns its directory), no
// drain window in unittest, and no server variables for an embedded app
// (the host owns PORT).
func (p *plan) kernelDefaults() {
	if p.env == "unittest" || !p.serve {
		p.patches = append(p.patches, &configPatch{typ: reflect.TypeFor[AppConfig](), kind: layerModule, mod: p.kernel,
			label: "default (module egg)", apply: func(v any) { v.(*AppConfig).DumpConfig = false }})
	}
	if p.env == "unittest" { // tests stop apps often, with idle client connections left open
		p.patches = append(p.patches, &configPatch{typ: reflect.TypeFor[ServerConfig](), kind: layerModule, mod: p.kernel,
			label: "default (module egg)", apply: func(v any) { v.(*ServerConfig).DrainTimeout = 0 }})
	}
	for _, d := range p.kernel.configs {
		d.noEnv = p.embedded && (d.typ == reflect.TypeFor[ServerConfig]() || d.typ == reflect.TypeFor[HTTPSConfig]())
	}
}

// constructors are the kernel's provides: the app, its configs and router
// (closures rather than fx.Supply, which builds each with reflection), and
// the kernel's own configs.
func (k *kernel) constructors() []any {
	a := k.app
	return append([]any{
		func() *App { return a },
		func() *Configs { return a.configs },
		func() *Router { return a.router },
	}, k.plan.kernel.ctors...)
}

// options are the kernel's fx options: the config phases run first.
func (k *kernel) options() []fx.Option {
	return append([]fx.Option{fx.Invoke(k.configPhases)}, k.plan.kernel.fxOpts...)
}

type configPhaseParams struct {
	fx.In
	Boots []bootEntry `group:"egg.boot.config"`
}

// configPhases runs ConfigWillLoad and ConfigDidLoad at fx.New time, before
// any module receives its config, then freezes the configs.
func (k *kernel) configPhases(p configPhaseParams) error {
	a, cs := k.app, k.app.configs
	boots := sortBoots(p.Boots)
	a.boots = boots
	will := phaseConfigWillLoad(cs)
	for i := range boots {
		if _, ok := boots[i].obj.(ConfigWillLoader); !ok {
			continue // boot objects of this group may have only ConfigDidLoad
		}
		if err := a.callPhase(context.Background(), PhaseConfigWillLoad, boots[i:i+1], will); err != nil {
			return err
		}
		for _, d := range cs.decls {
			d.record(PhaseConfigWillLoad + " (module " + boots[i].module.name + ")")
		}
	}
	if err := cs.validate(k.plan.inspect); err != nil {
		return err
	}
	if err := a.callPhase(context.Background(), PhaseConfigDidLoad, boots, phaseConfigDidLoad(cs)); err != nil {
		return err
	}
	cs.frozen = true
	for _, d := range cs.decls {
		// what only loading needed: each field's last value key (to see
		// which layer changed it) and the field list (the dump makes it
		// again); the app keeps its heap small, as every GC cycle marks it
		d.last, d.flat = nil, nil
	}
	return nil
}

type startParams struct {
	fx.In
	Lifecycle  fx.Lifecycle
	Boots      []bootEntry       `group:"egg.boot"`
	Middleware []namedMiddleware `group:"egg.middleware"`
	Scoped     []scopedService   `group:"egg.scoped"`
	Binder     Binder            `optional:"true"`
	Renderer   ErrorRenderer     `optional:"true"`
	Redirect   RedirectGuard     `optional:"true"`
	Logs       []logHandlerEntry `group:"egg.log.handlers"`
}

// build runs last among egg's invokes: it builds the request handler and
// adds the lifecycle hook that drives the remaining phases.
func (k *kernel) build(p startParams) error {
	a := k.app
	a.boots = sortBoots(append(a.boots, p.Boots...))
	a.binder = p.Binder
	a.renderer = p.Renderer
	a.redirectGuard = p.Redirect
	if a.renderer == nil {
		a.renderer = plainRenderer{}
	}
	a.scoped = p.Scoped
	if err := a.buildHandler(p.Middleware); err != nil {
		return err
	}
	// LogHandler handlers join the loggers after the modules' OnStart
	// hooks (where they open their files) and before egg starts
	logs := make([]slog.Handler, len(p.Logs))
	for i, e := range p.Logs {
		logs[i] = e.h
	}
	p.Lifecycle.Append(fx.Hook{OnStart: func(ctx context.Context) error {
		a.log.late.attach(logs)
		return a.start(ctx)
	}, OnStop: a.stop})
	return nil
}
