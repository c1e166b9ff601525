package egg

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.uber.org/fx"
)

// moduleInfo is what egg knows of one module after reading the options.
type moduleInfo struct {
	name     string
	requires []string
	optional []string
	envs     []string
	caller   site
	id       *int
	fxOpts   []fx.Option
	ctors    []any // egg's own constructors (Config, Boot, Scoped, ...), provided in one fx.Provide per scope
	configs  []*configDecl
	depth    int // framework nesting depth, for pseudo modules
	enabled  bool
	index    int    // position in load order, once planned
	fw       string // innermost framework that declares it, "" for the app
}

// plan is the result of reading every option given to New, Run or Embed.
type plan struct {
	name        string
	env         string
	baseDir     string
	disabled    map[string]bool
	logger      *slog.Logger
	logHandlers []slog.Handler
	// logHandlerDecls counts egg.LogHandler declarations: without any, no
	// record needs holding until the app starts
	logHandlerDecls int
	logOutput       io.Writer
	serve           bool
	embedded        bool // built by Embed: the host owns the process
	inspect         bool // built to be printed (config, routes, graph): invalid config fields are flagged, not fatal
	startTimeout    time.Duration
	environ         func() []string

	modules  []*moduleInfo // declaration order
	pseudo   []*moduleInfo // frameworks' and app's own egg options
	appMod   *moduleInfo
	kernel   *moduleInfo
	root     []fx.Option
	configs  []*configDecl
	patches  []*configPatch
	flags    []*configPatch // command-line overrides (--port), after env vars
	order    []*moduleInfo  // load order of enabled modules, then pseudo modules
	errs     []error
	seq      int
	commands []command // module subcommands (Command), in declaration order
}

// walker reads the option tree in declaration order.
type walker struct {
	plan  *plan
	cur   *moduleInfo // module being read, nil at top level
	fw    *moduleInfo // framework pseudo module being read
	depth int         // framework nesting depth
}

func (w *walker) fail(err error) { w.plan.errs = append(w.plan.errs, err) }

func (w *walker) next() int { w.plan.seq++; return w.plan.seq }

func (w *walker) walk(opts []fx.Option) {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if n, ok := o.(node); ok {
			n.visit(w)
			continue
		}
		if group, ok := optionGroup(o); ok { // fx.Options(...): egg options may hide inside
			w.walk(group)
			continue
		}
		if w.cur != nil {
			w.cur.fxOpts = append(w.cur.fxOpts, o)
		} else {
			w.plan.root = append(w.plan.root, o)
		}
	}
}

// owner is the module that egg options (Boot, Routes, ...) at the current
// place belong to: the module being read, else the framework, else the app.
func (w *walker) owner() *moduleInfo {
	switch {
	case w.cur != nil:
		return w.cur
	case w.fw != nil:
		return w.fw
	default:
		return w.plan.appMod
	}
}

// provide adds egg's own constructors to the module. They are handed to
// fx in one fx.Provide per scope (fxOption) rather than one each: every
// fx.Provide records and cleans up its caller's stack.
func (m *moduleInfo) provide(ctors ...any) { m.ctors = append(m.ctors, ctors...) }

// add appends an fx option to the current owner.
func (w *walker) add(o fx.Option) {
	m := w.owner()
	m.fxOpts = append(m.fxOpts, o)
}

func (w *walker) module(m ModuleOption) {
	for _, prev := range w.plan.modules {
		if prev.id == m.id {
			return // the same declaration reached again (e.g. listed beside a framework that has it): one module
		}
	}
	info := &moduleInfo{name: m.name, caller: m.caller, id: m.id}
	if w.fw != nil {
		info.fw = strings.TrimPrefix(w.fw.name, "framework:")
	}
	w.plan.modules = append(w.plan.modules, info)
	saved := w.cur
	w.cur = info
	w.walk(m.opts)
	w.cur = saved
}

func (w *walker) framework(f FrameworkOption) {
	if w.cur != nil {
		w.fail(fmt.Errorf("egg: framework %q (declared at %s) is inside module %q; put frameworks at the top level or inside other frameworks",
			f.name, f.caller, w.cur.name))
		return
	}
	info := &moduleInfo{name: "framework:" + f.name, caller: f.caller, enabled: true,
		depth: w.depth + 1}
	w.plan.pseudo = append(w.plan.pseudo, info)
	savedFw, savedDepth := w.fw, w.depth
	w.fw, w.depth = info, w.depth+1
	w.walk(f.opts)
	w.fw, w.depth = savedFw, savedDepth
}

func newPlan(opts []fx.Option) *plan {
	p := &plan{
		disabled:     map[string]bool{},
		startTimeout: 30 * time.Second,
		environ:      os.Environ,
	}
	p.appMod = &moduleInfo{name: "app", enabled: true}
	w := &walker{plan: p}
	kernelDecls(w)
	w.walk(opts)
	p.finish()
	return p
}

// finish applies defaults, decides which modules are on and orders them.
func (p *plan) finish() {
	if p.env == "" {
		p.env = lookupEnv(p.environ(), "EGG_SERVER_ENV")
	}
	if p.env == "" {
		p.env = "local"
	}
	if p.baseDir == "" {
		if wd, err := os.Getwd(); err == nil {
			p.baseDir = wd
		}
	}
	if p.name == "" {
		p.name = filepath.Base(p.baseDir)
	}
	p.kernelDefaults()
	if err := p.orderModules(); err != nil {
		p.errs = append(p.errs, err)
	}
	// inner frameworks' own options run before outer ones
	slices.SortStableFunc(p.pseudo, func(a, b *moduleInfo) int { return b.depth - a.depth })
	p.order = append(p.order, p.pseudo...)
	p.order = append(p.order, p.appMod)
	for i, m := range p.order {
		m.index = i
	}
}

// moduleOn reports whether a declared module is on: not disabled, and
// not limited by egg.Envs to other envs.
func (p *plan) moduleOn(m *moduleInfo) bool {
	return !p.disabled[m.name] && (len(m.envs) == 0 || slices.Contains(m.envs, p.env))
}

func (p *plan) err() error {
	return errors.Join(p.errs...)
}

// orderModules checks names and requirements and sorts enabled modules:
// dependencies first, otherwise declaration order.
func (p *plan) orderModules() error {
	byName := map[string]*moduleInfo{}
	var unique []*moduleInfo
	for _, m := range p.modules {
		if prev, ok := byName[m.name]; ok {
			if prev.id == m.id {
				continue // the same declaration reached twice, e.g. through two frameworks
			}
			return fmt.Errorf("egg: module %q is declared twice, at %s and at %s; give one of them another name or add it once",
				m.name, prev.caller, m.caller)
		}
		byName[m.name] = m
		unique = append(unique, m)
	}
	var enabled []*moduleInfo
	for _, m := range unique {
		m.enabled = p.moduleOn(m)
		if m.enabled {
			enabled = append(enabled, m)
		}
	}
	for _, m := range enabled {
		for _, r := range m.requires {
			d, ok := byName[r]
			switch {
			case !ok:
				return fmt.Errorf("egg: module %q requires module %q, which is not in the app; add %s.Module to egg.New/Run/Embed",
					m.name, r, r)
			case !d.enabled && p.disabled[r]:
				return fmt.Errorf("egg: module %q requires module %q, which is disabled by egg.Disable(%q); remove that or disable %q too",
					m.name, r, r, m.name)
			case !d.enabled:
				return fmt.Errorf("egg: module %q requires module %q, which is off in env %q (egg.Envs(%s)); enable it in this env or limit %q the same way",
					m.name, r, p.env, strings.Join(d.envs, ", "), m.name)
			}
		}
	}
	// Egg's rule: walk modules in declaration order, each after its
	// dependencies (depth first).
	const (
		visiting = 1
		done     = 2
	)
	state := map[*moduleInfo]int{}
	var stack []*moduleInfo
	var visit func(m *moduleInfo) error
	visit = func(m *moduleInfo) error {
		switch state[m] {
		case done:
			return nil
		case visiting:
			var names []string
			for i := slices.Index(stack, m); i < len(stack); i++ {
				names = append(names, stack[i].name)
			}
			return fmt.Errorf("egg: modules depend on each other in a cycle: %s; remove one of these Requires/Optional",
				strings.Join(append(names, m.name), " → "))
		}
		state[m] = visiting
		stack = append(stack, m)
		for _, r := range append(slices.Clone(m.requires), m.optional...) {
			if d, ok := byName[r]; ok && d.enabled && d != m {
				if err := visit(d); err != nil {
					return err
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[m] = done
		p.order = append(p.order, m)
		return nil
	}
	for _, m := range enabled {
		if err := visit(m); err != nil {
			return err
		}
	}
	return nil
}

// fxOption assembles the fx options in load order: the kernel first, then
// every enabled module, then the frameworks' and app's own egg options, then
// the start hook, then the app's plain fx options.
//
// Modules share one fx module (one dig scope), named "egg", unless a
// module's own fx options need a scope of their own (see needsScope): a
// dig scope per module cost every boot a check of the whole graph for
// cycles per module, quadratic in modules, and a seeded random source per
// module (bench/README.md, "Profile: start-up"). Sharing changes nothing a
// module can see: fx exports every non-private provide to the whole app
// anyway. A module that needs its own scope splits the shared one in two
// around it, so invokes still run in load order.
func (p *plan) fxOption(k *kernel) fx.Option {
	if err := p.err(); err != nil {
		return fx.Error(err)
	}
	var opts []fx.Option
	var shared []fx.Option
	ctors := k.constructors()
	flush := func(last ...fx.Option) {
		if len(ctors) > 0 {
			shared = append([]fx.Option{fx.Provide(ctors...)}, shared...)
		}
		shared = append(shared, last...)
		if len(shared) > 0 {
			opts = append(opts, fx.Module("egg", shared...))
		}
		shared, ctors = nil, nil
	}
	shared = append(shared, k.options()...)
	for _, m := range p.order {
		switch {
		case len(m.fxOpts) == 0 && len(m.ctors) == 0:
		case !needsScope(m.fxOpts):
			shared = append(shared, m.fxOpts...)
			ctors = append(ctors, m.ctors...)
		default:
			flush()
			own := m.fxOpts
			if len(m.ctors) > 0 {
				own = append([]fx.Option{fx.Provide(m.ctors...)}, own...)
			}
			opts = append(opts, fx.Module(m.name, own...))
		}
	}
	flush(fx.Invoke(k.build))
	opts = append(opts, p.root...)
	return fx.Options(opts...)
}

// needsScope reports whether a module's plain fx options behave
// differently inside a dig scope of the module's own: fx.Decorate and
// fx.Replace act only within their module, fx.Private hides a provide
// from other modules, a nested fx.Module runs its invokes before its
// parent's, fx.WithLogger logs one module's events. Anything egg does not
// recognise keeps its own scope too. fx.Provide and fx.Supply without
// fx.Private, fx.Invoke and fx.Error act the same everywhere.
func needsScope(opts []fx.Option) bool {
	for _, o := range opts {
		v := reflect.ValueOf(o)
		if !v.IsValid() || v.Type().PkgPath() != "go.uber.org/fx" {
			return true
		}
		switch v.Type().Name() {
		case "invokeOption", "errorOption":
		case "optionGroup": // fx.Options
			if group, ok := optionGroup(o); !ok || needsScope(group) {
				return true
			}
		case "provideOption":
			targets, ok := v.FieldByName("Targets").Interface().([]any)
			if !ok {
				return true
			}
			for _, t := range targets {
				if t == any(fx.Private) {
					return true
				}
			}
		case "supplyOption":
			private := v.FieldByName("Private")
			if private.Kind() != reflect.Bool || private.Bool() {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// optionGroup opens fx.Options(...), whose type fx does not export: a slice
// of fx.Option.
func optionGroup(o fx.Option) ([]fx.Option, bool) {
	if reflect.TypeOf(o) != optionGroupType {
		return nil, false
	}
	return reflect.ValueOf(o).Convert(optionSliceType).Interface().([]fx.Option), true
}

var (
	optionGroupType = reflect.TypeOf(fx.Options())
	optionSliceType = reflect.TypeFor[[]fx.Option]()
)

func lookupEnv(environ []string, key string) string {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}
