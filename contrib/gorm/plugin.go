package gorm

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"

	"go.uber.org/fx"
	orm "gorm.io/gorm"
)

// Source describes a datasource to the plugins of Plugin.
type Source struct {
	Name     string // "default" or a Config.DBs name
	Driver   string // SQLite, Postgres or MySQL
	Addr     string // where it is: host:port, a socket, a file, or "memory <dsn>"
	Database string // the database name (PostgreSQL, MySQL); "" for SQLite
}

// PluginFunc makes the GORM plugin of one datasource, or returns nil to
// leave that datasource out. It runs as the datasource connects.
type PluginFunc func(Source) (orm.Plugin, error)

// PluginsGroup is the fx value group of PluginFunc values that Plugin
// adds to; any module may provide to it with
// fx.ResultTags(`group:"gorm.plugins"`).
const PluginsGroup = "gorm.plugins"

// pluginValuesGroup holds plain plugins made by fx constructors.
const pluginValuesGroup = "gorm.plugin.values"

// Plugin adds a GORM plugin (gorm.io/gorm's Plugin: callbacks, tracing,
// metrics, a resolver) to every datasource of the app, installed with
// (*gorm.DB).Use as each datasource connects in DidLoad, before the
// models are migrated. v is an orm.Plugin, used on every datasource; a
// gorm.PluginFunc, called for each datasource with its Source (to name it
// in spans or metrics, or to skip one by returning nil); or an fx
// constructor returning either (optionally with an error), to inject what
// the plugin needs:
//
//	gorm.Plugin(func(reg *prometheus.Registry) gorm.PluginFunc {
//		return func(src gorm.Source) (orm.Plugin, error) { return newQueryMetrics(reg, src.Name), nil }
//	})
//
// Any module may use it; it does nothing in an app without the gorm
// module. A plugin whose Initialize fails, or two plugins with one Name,
// fail start-up naming the datasource and the plugin.
func Plugin(v any) fx.Option {
	t := reflect.TypeOf(v)
	switch {
	case t == nil:
	case t.Kind() == reflect.Func && reflect.ValueOf(v).IsNil():
	case t == reflect.TypeFor[PluginFunc]() || t == reflect.TypeFor[func(Source) (orm.Plugin, error)]():
		fn := reflect.ValueOf(v).Convert(reflect.TypeFor[PluginFunc]()).Interface().(PluginFunc)
		return fx.Supply(fx.Annotate(fn, fx.ResultTags(`group:"`+PluginsGroup+`"`)))
	case t.Kind() == reflect.Func && returnsOne(t, reflect.TypeFor[PluginFunc]()):
		return fx.Provide(fx.Annotate(v, fx.ResultTags(`group:"`+PluginsGroup+`"`)))
	case t.Kind() == reflect.Func && returnsOne(t, nil):
		return fx.Provide(fx.Annotate(v, fx.As(new(orm.Plugin)), fx.ResultTags(`group:"`+pluginValuesGroup+`"`)))
	case t.Kind() != reflect.Func && t.Implements(reflect.TypeFor[orm.Plugin]()) && !nilValue(v):
		p := v.(orm.Plugin)
		fn := PluginFunc(func(Source) (orm.Plugin, error) { return p, nil })
		return fx.Supply(fx.Annotate(fn, fx.ResultTags(`group:"`+PluginsGroup+`"`)))
	}
	return fx.Error(fmt.Errorf("gorm: Plugin(%T) at %s: pass a gorm.io/gorm Plugin, a gorm.PluginFunc, "+
		"or a constructor that returns either (optionally with an error)", v, pluginCaller()))
}

// returnsOne reports whether function type t returns want (or, when want
// is nil, a type implementing orm.Plugin), optionally with an error.
func returnsOne(t reflect.Type, want reflect.Type) bool {
	switch t.NumOut() {
	case 1:
	case 2:
		if t.Out(1) != reflect.TypeFor[error]() {
			return false
		}
	default:
		return false
	}
	if want != nil {
		return t.Out(0) == want
	}
	return t.Out(0).Kind() != reflect.Func && t.Out(0).Implements(reflect.TypeFor[orm.Plugin]())
}

// nilValue reports whether v holds a nil pointer, map, slice, ...
func nilValue(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// pluginCaller is file:line of the code that called Plugin.
func pluginCaller() string {
	if _, file, line, ok := runtime.Caller(2); ok {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return "unknown place"
}

type pluginParams struct {
	fx.In
	Funcs  []PluginFunc `group:"gorm.plugins"`
	Values []orm.Plugin `group:"gorm.plugin.values"`
}

// funcs are the app's plugins, in the order fx gives them.
func (p pluginParams) funcs() []PluginFunc {
	out := append([]PluginFunc(nil), p.Funcs...)
	for _, v := range p.Values {
		if v != nil && !nilValue(v) {
			out = append(out, func(Source) (orm.Plugin, error) { return v, nil })
		}
	}
	return out
}

// Use adds plugins to every datasource, for a Registry made with New
// (the module adds those of Plugin). Call it before Open.
func (r *Registry) Use(plugins ...PluginFunc) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.opened {
		return errors.New("gorm: Registry.Use after Open: add plugins before the registry connects (the module does so before DidLoad)")
	}
	for _, fn := range plugins {
		if fn != nil {
			r.plugins = append(r.plugins, fn)
		}
	}
	return nil
}

// usePlugins installs the plugins on s's freshly opened db.
func (r *Registry) usePlugins(s *source, db *orm.DB) error {
	src := s.info()
	for _, fn := range r.plugins {
		p, err := fn(src)
		if err != nil {
			return fmt.Errorf("gorm: datasource %q: making a plugin: %w", s.name, err)
		}
		if p == nil || nilValue(p) {
			continue
		}
		if err := db.Use(p); err != nil {
			return fmt.Errorf("gorm: datasource %q: plugin %q (%T): %w; register each plugin once, under a name of its own", s.name, p.Name(), p, err)
		}
	}
	return nil
}

// info is s as plugins see it.
func (s *source) info() Source {
	src := Source{Name: s.name, Driver: s.target.driver, Addr: s.target.addr}
	switch {
	case s.target.pg != nil:
		src.Database = s.target.pg.Database
	case s.target.my != nil:
		src.Database = s.target.my.DBName
	}
	return src
}
