package egg

import (
	"fmt"
	"strings"

	"go.uber.org/fx"
)

// ModuleOption is an egg module: Egg's plugin and load unit. It is an
// fx.Option, so it goes wherever fx options go, but it only works when the
// app is built by egg.New, egg.Run or egg.Embed, which read its metadata
// (name, requirements, envs) and load modules in dependency order.
type ModuleOption struct {
	fx.Option
	name     string
	requires []string
	optional []string
	envs     []string
	opts     []fx.Option
	caller   site
	id       *int // identity: the same declaration reached twice is one module
}

// Module declares a named module: Egg's plugin. Its options may be any fx
// options (fx.Provide, fx.Invoke, ...) plus egg's own: Config, Configure,
// Boot, Routes, Middleware, Scoped, and the metadata options Requires,
// Optional and Envs.
//
// Load order is dependencies first, otherwise declaration order (Egg's
// rule). A missing required module, a duplicate name or a cycle fails
// start-up with one message naming the modules.
//
// The module's fx options act as inside an fx.Module: its fx.Decorate and
// fx.Replace reach only the module, fx.Private provides stay its own.
func Module(name string, opts ...fx.Option) ModuleOption {
	at := callerSite()
	m := ModuleOption{name: name, opts: opts, caller: at, id: new(int)}
	m.Option = fx.Error(givenToFxError{kind: "module", name: name, at: at, why: " so egg can load it"})
	return m
}

// Name returns the module's name.
func (m ModuleOption) Name() string { return m.name }

// String describes the module for fx and error messages.
func (m ModuleOption) String() string { return "egg.Module(" + m.name + ")" }

func (m ModuleOption) visit(w *walker) { w.module(m) }

// meta is an option that only sets module metadata.
type meta struct {
	fx.Option
	label string
	apply func(m *moduleInfo)
}

func (o meta) visit(w *walker) {
	if w.cur == nil {
		w.fail(fmt.Errorf("egg: %s can only be used inside egg.Module", o.label))
		return
	}
	o.apply(w.cur)
}

func (o meta) String() string { return o.label }

// Requires declares modules this module needs (Egg's plugin.js
// `dependencies`). They load first; if one is missing or disabled, start-up
// fails naming both modules.
func Requires(names ...string) fx.Option {
	return meta{Option: fx.Options(), label: "egg.Requires(" + strings.Join(names, ", ") + ")",
		apply: func(m *moduleInfo) { m.requires = append(m.requires, names...) }}
}

// Optional declares modules that, when present, load before this one
// (Egg's `optionalDependencies`). It only affects ordering.
func Optional(names ...string) fx.Option {
	return meta{Option: fx.Options(), label: "egg.Optional(" + strings.Join(names, ", ") + ")",
		apply: func(m *moduleInfo) { m.optional = append(m.optional, names...) }}
}

// Envs limits the module to the given envs (Egg's plugin `env` list); in
// any other env it is left out as if disabled.
func Envs(envs ...string) fx.Option {
	return meta{Option: fx.Options(), label: "egg.Envs(" + strings.Join(envs, ", ") + ")",
		apply: func(m *moduleInfo) { m.envs = append(m.envs, envs...) }}
}

// FrameworkOption is a framework: a named bundle of modules and config
// defaults (Egg's custom framework, like egg-cloud or yadan). Frameworks
// nest without limit; config set in an inner framework is overridden by an
// outer one, and all of it by the app.
type FrameworkOption struct {
	fx.Option
	name   string
	opts   []fx.Option
	caller site
}

// Framework bundles modules, config defaults and other options under a name.
func Framework(name string, opts ...fx.Option) FrameworkOption {
	at := callerSite()
	return FrameworkOption{
		Option: fx.Error(givenToFxError{kind: "framework", name: name, at: at}),
		name:   name, opts: opts, caller: at,
	}
}

// givenToFxError is the error of a module or framework given to fx
// without egg, its message made only if fx reports it.
type givenToFxError struct {
	kind, name string
	at         site
	why        string
}

func (e givenToFxError) Error() string {
	return fmt.Sprintf("egg: %s %q (declared at %s) was given to fx directly; add it through egg.New, egg.Run or egg.Embed%s",
		e.kind, e.name, e.at, e.why)
}

// Name returns the framework's name.
func (f FrameworkOption) Name() string { return f.name }

// String describes the framework for fx and error messages.
func (f FrameworkOption) String() string { return "egg.Framework(" + f.name + ")" }

func (f FrameworkOption) visit(w *walker) { w.framework(f) }
