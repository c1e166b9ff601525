package egg

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/caarlos0/env/v10"
	"go.uber.org/fx"
)

// Configs is the app's set of module configs. Boot objects receive it in
// the ConfigWillLoad and ConfigDidLoad phases, where they may still change
// any module's config (for example insert a middleware name); afterwards it
// is frozen and each module's config type T is injected by value.
type Configs struct {
	env     string
	decls   []*configDecl
	byType  map[reflect.Type]*configDecl
	frozen  bool
	invalid []*ConfigFieldError // fields flagged instead of failing, for the printing subcommands
}

// ConfigOf returns the live config of type T so that a ConfigWillLoad or
// ConfigDidLoad hook can read or change it. It returns nil when no enabled
// module declares T. After ConfigDidLoad, changes no longer reach anyone:
// inject T instead.
func ConfigOf[T any](cs *Configs) *T {
	d := cs.byType[reflect.TypeFor[T]()]
	if d == nil {
		return nil
	}
	return d.value.Interface().(*T)
}

// Env is the env the configs were loaded for.
func (cs *Configs) Env() string { return cs.env }

// configDecl is one module's config type.
type configDecl struct {
	module   *moduleInfo
	typ      reflect.Type
	prefix   string
	defaults reflect.Value // T
	value    reflect.Value // *T, live
	noEnv    bool          // not read from environment variables
	meta     map[string]string
	last     map[string]string // field path → value key after the last layer
	flat     []flatField       // leaf fields of value, listed once
	caller   site
}

// ConfigOption changes how Config reads a config struct.
type ConfigOption func(*configDecl)

// EnvPrefix sets the prefix of the config's environment variables. The
// default is the module name in upper case with "_" for other characters,
// plus "_": module "redis" reads REDIS_ADDR for a field tagged env:"ADDR".
// An empty prefix uses the tags as they are.
func EnvPrefix(prefix string) ConfigOption {
	return func(d *configDecl) { d.prefix = prefix }
}

type configNode[T any] struct {
	fx.Option
	defaults T
	opts     []ConfigOption
	caller   site
}

// Config declares the module's config struct T with its defaults. Fields
// tagged `env:"NAME"` are read from environment variables (caarlos0/env,
// with the module's prefix); tag a field `secret:"true"` to mask it in the
// config dump. Inside the module, and anywhere else in the app, T is then
// injectable by value:
//
//	var Module = egg.Module("redis",
//		egg.Config(Config{Addr: "127.0.0.1:6379"}),
//		fx.Provide(New), // func New(cfg Config) *Client
//	)
//
// Layers, later wins: these defaults → Configure in frameworks → Configure
// in the app → ConfigureEnv for the current env → environment variables →
// ConfigWillLoad hooks. If *T implements Validator it is validated last.
func Config[T any](defaults T, opts ...ConfigOption) fx.Option {
	return configNode[T]{Option: fx.Options(), defaults: defaults, opts: opts, caller: callerSite()}
}

func (n configNode[T]) String() string { return fmt.Sprintf("egg.Config[%T]", n.defaults) }

func (n configNode[T]) visit(w *walker) {
	typ := reflect.TypeFor[T]()
	if typ.Kind() != reflect.Struct {
		w.fail(fmt.Errorf("egg: egg.Config[%s] at %s: a config must be a struct type", typ, n.caller))
		return
	}
	if w.cur == nil {
		w.fail(fmt.Errorf("egg: egg.Config[%s] at %s must be inside egg.Module: a config belongs to a module", typ, n.caller))
		return
	}
	for _, d := range w.plan.configs {
		if d.typ == typ {
			w.fail(fmt.Errorf("egg: config %s is declared by module %q (%s) and again by module %q (%s); declare it once",
				typ, d.module.name, d.caller, w.cur.name, n.caller))
			return
		}
	}
	d := &configDecl{module: w.cur, typ: typ, defaults: reflect.ValueOf(n.defaults), caller: n.caller,
		prefix: envPrefixFor(w.cur.name)}
	for _, o := range n.opts {
		o(d)
	}
	w.plan.configs = append(w.plan.configs, d)
	w.cur.configs = append(w.cur.configs, d)
	w.cur.provide(func(cs *Configs) (T, error) {
		var zero T
		if !cs.frozen {
			return zero, fmt.Errorf("egg: config %s of module %q was requested while configs are still loading "+
				"(by a boot object that implements ConfigWillLoad or ConfigDidLoad, or something it depends on); "+
				"such boot objects may depend only on *egg.App and *egg.Configs: read it there with egg.ConfigOf[%s]",
				typ, d.module.name, typ)
		}
		return d.value.Elem().Interface().(T), nil
	})
}

func envPrefixFor(module string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(module) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	b.WriteByte('_')
	return b.String()
}

// patch layers, in the order they apply
const (
	layerModule = iota
	layerFramework
	layerApp
	layerFlag
)

// configPatch is one Configure or ConfigureEnv.
type configPatch struct {
	typ    reflect.Type
	env    string      // "" = every env
	mod    *moduleInfo // for module-layer patches
	kind   int
	depth  int // framework depth; deeper applies first
	seq    int
	label  string // the layer's name; for Configure, where (and caller)
	where  string
	apply  func(ptr any)
	caller site
}

// layer names the patch's layer for the config dump: its label, or for a
// Configure the place it is written and its caller, made when the patch
// applies.
func (p *configPatch) layer() string {
	if p.label == "" {
		p.label = p.where + " (" + p.caller.String() + ")"
	}
	return p.label
}

type configureNode[T any] struct {
	fx.Option
	env    string
	fn     func(*T)
	caller site
}

// Configure changes module config T for every env. Where it is written
// decides its layer: inside a module it is that module's default, inside a
// framework it is the framework's, at the top level it is the app's.
//
//	egg.Configure(func(c *egg.ServerConfig) { c.Port = 8080 })
func Configure[T any](fn func(*T)) fx.Option {
	return configureNode[T]{Option: fx.Options(), fn: fn, caller: callerSite()}
}

// ConfigureEnv changes module config T only in the given env (Egg's
// config.prod.js). It applies after every Configure.
func ConfigureEnv[T any](env string, fn func(*T)) fx.Option {
	return configureNode[T]{Option: fx.Options(), env: env, fn: fn, caller: callerSite()}
}

func (n configureNode[T]) String() string {
	return fmt.Sprintf("egg.Configure[%s]", reflect.TypeFor[T]())
}

func (n configureNode[T]) visit(w *walker) {
	p := &configPatch{typ: reflect.TypeFor[T](), env: n.env, seq: w.next(), caller: n.caller,
		apply: func(ptr any) { n.fn(ptr.(*T)) }}
	where := "app"
	switch {
	case w.cur != nil:
		p.kind, p.mod, where = layerModule, w.cur, "module "+w.cur.name
	case w.fw != nil:
		p.kind, p.depth, where = layerFramework, w.depth, strings.Replace(w.fw.name, ":", " ", 1)
	default:
		p.kind = layerApp
	}
	if n.env != "" {
		where += " env " + n.env
	}
	p.where = where
	w.plan.patches = append(w.plan.patches, p)
}

// loadConfigs builds every enabled module's config through all layers but
// the hooks.
func loadConfigs(p *plan) (*Configs, error) {
	cs := &Configs{env: p.env, byType: map[reflect.Type]*configDecl{}}
	for _, m := range append([]*moduleInfo{p.kernel}, p.order...) {
		for _, d := range m.configs {
			d.value, d.flat = reflect.New(d.typ), nil
			d.value.Elem().Set(deepCopy(d.defaults))
			d.meta = map[string]string{}
			d.last = map[string]string{}
			d.record("default (module " + m.name + ")")
			cs.decls = append(cs.decls, d)
			cs.byType[d.typ] = d
		}
	}
	var errs []error
	apply := func(patches []*configPatch) {
		for _, pt := range patches {
			if (pt.env != "" && pt.env != p.env) || (pt.mod != nil && !pt.mod.enabled && pt.mod != p.kernel) {
				continue // another env's, or a disabled module's own defaults
			}
			d := cs.byType[pt.typ]
			if d == nil {
				if !p.isDisabledConfig(pt.typ) {
					errs = append(errs, fmt.Errorf("egg: Configure[%s] at %s: no module in the app declares this config; add the module that does, or remove the Configure",
						pt.typ, pt.caller))
				}
				continue
			}
			pt.apply(d.value.Interface())
			d.record(pt.layer())
		}
	}
	apply(sortedPatches(p.patches))
	environ := env.ToMap(p.environ())
	for _, d := range cs.decls {
		if d.noEnv {
			continue
		}
		if err := d.readEnv(environ); err != nil {
			var fe *ConfigFieldError
			if p.inspect && errors.As(err, &fe) {
				cs.invalid = append(cs.invalid, fe) // printed, flagged, by config/routes/graph
				continue
			}
			errs = append(errs, err)
		}
	}
	apply(p.flags)
	return cs, errors.Join(errs...)
}

func sortedPatches(ps []*configPatch) []*configPatch {
	out := slices.Clone(ps)
	key := func(p *configPatch) []int {
		envFlag := 0
		if p.env != "" {
			envFlag = 1
		}
		modIndex := 0
		if p.mod != nil {
			modIndex = p.mod.index
		}
		return []int{envFlag, p.kind, modIndex, -p.depth, p.seq}
	}
	slices.SortStableFunc(out, func(a, b *configPatch) int { return slices.Compare(key(a), key(b)) })
	return out
}

func (p *plan) isDisabledConfig(t reflect.Type) bool {
	for _, d := range p.configs {
		if d.typ == t && !d.module.enabled {
			return true
		}
	}
	return false
}

// readEnv applies environment variables to the config, turning parse
// errors into messages that name the variable, the value and the fix.
func (d *configDecl) readEnv(environ map[string]string) error {
	fields := d.fields()
	for _, f := range fields {
		if f.envName != "" && !envParsable(f.typ) {
			return fmt.Errorf("egg: module %q config field %s (env %s, config %s) has type %s, which cannot be read from an environment variable; "+
				"use a string, number, bool, time.Duration, a slice of those, or a type implementing encoding.TextUnmarshaler",
				d.module.name, f.path, f.envName, d.typ.Name(), f.typ)
		}
	}
	if !envTouches(d.value.Elem(), d.prefix, environ) {
		return nil // caarlos0/env would change nothing (and copy the whole environment to find out)
	}
	err := env.ParseWithOptions(d.value.Interface(), env.Options{Prefix: d.prefix, Environment: environ})
	if err != nil {
		var pe env.ParseError
		if parseError(err, &pe) {
			for _, f := range fields {
				if f.name == pe.Name && f.envName != "" {
					return &ConfigFieldError{Module: d.module.name, Field: f.path,
						Reason: fmt.Sprintf("environment variable %s=%q is not a valid %s (%v); fix or unset it",
							f.envName, environ[f.envName], pe.Type, unwrapAll(pe.Err))}
				}
			}
		}
		return fmt.Errorf("egg: module %q config %s: reading environment variables: %w", d.module.name, d.typ, err)
	}
	for _, f := range fields { // f.value addresses the live field
		if _, set := environ[f.envName]; set && f.envName != "" && f.typ == reflect.TypeFor[[]string]() {
			trimList(f.value) // "a, b" means [a b], not [a " b"]
		}
	}
	for _, f := range fields { // fresh keys, after parsing
		if f.envName == "" {
			continue
		}
		if k := f.key(); k != d.last[f.path] {
			d.meta[f.path] = "env " + f.envName
			d.last[f.path] = k
		}
	}
	return nil
}

// envTouches reports whether caarlos0/env's parse of v (a struct, with
// the env var prefix) could change it or fail, following the library's
// own walk: a variable of a field is set (the key of a field without a
// name is the bare prefix), a field has an envDefault or an option
// (required, notEmpty, file, unset, expand, or one it rejects), or a
// field is a non-nil pointer, which the library walks into.
func envTouches(v reflect.Value, prefix string, environ map[string]string) bool {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, sf := v.Field(i), t.Field(i)
		if !f.CanSet() {
			continue
		}
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			return true
		}
		if f.Kind() == reflect.Struct && sf.Type.Name() == "" {
			if envTouches(f, prefix+sf.Tag.Get("envPrefix"), environ) {
				return true
			}
			continue
		}
		tag := sf.Tag.Get("env")
		if strings.Contains(tag, ",") {
			return true
		}
		if _, ok := sf.Tag.Lookup("envDefault"); ok {
			return true
		}
		if key := prefix + tag; key != "" {
			if _, ok := environ[key]; ok {
				return true
			}
		}
		if f.Kind() == reflect.Struct && envTouches(f, prefix+sf.Tag.Get("envPrefix"), environ) {
			return true
		}
	}
	return false
}

// deepCopy copies slices, maps and nested structs of a config value, so
// that Configure changing a default's slice or map in one app never
// changes the declared defaults seen by the next app in the process.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if out.Field(i).CanSet() {
				out.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(deepCopy(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out.SetMapIndex(iter.Key(), deepCopy(iter.Value()))
		}
		return out
	}
	return v
}

// trimList trims the items of a []string read from a comma-separated
// environment variable and drops empty ones.
func trimList(v reflect.Value) {
	in := v.Interface().([]string)
	out := in[:0]
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	v.Set(reflect.ValueOf(out))
}

// parseError finds the first env.ParseError, also inside caarlos0/env's
// AggregateError (which does not unwrap).
func parseError(err error, pe *env.ParseError) bool {
	var agg env.AggregateError
	if errors.As(err, &agg) {
		for _, e := range agg.Errors {
			if errors.As(e, pe) {
				return true
			}
		}
	}
	return errors.As(err, pe)
}

func unwrapAll(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// record notes which layer last changed each field.
func (d *configDecl) record(layer string) {
	for _, f := range d.fields() {
		k := f.key()
		if old, ok := d.last[f.path]; !ok || old != k {
			d.meta[f.path] = layer
			d.last[f.path] = k
		}
	}
}
