package gonja

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"path"
	"reflect"
	"sync"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view"
	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
)

// Name is the module's name and the engine's name in view.Config.Mapping
// (VIEW_MAPPING=.html:gonja). Its environment variables start with GONJA_.
const Name = "gonja"

// Extensions are the file extensions the engine renders unless
// view.Config.Mapping gives them to another engine.
var Extensions = []string{".njk", ".jinja"}

// Module is module "gonja": it offers the Jinja engine to the view module
// (which it requires) for .njk and .jinja files. Config: Config, env
// prefix GONJA_.
var Module = egg.Module(Name,
	egg.Requires(view.Name),
	egg.Config(DefaultConfig()),
	view.RegisterEngine(EngineSpec),
)

// EngineSpec returns the engine's spec for cfg: what Module registers, and
// what an app without egg's modules passes to view.New.
func EngineSpec(cfg Config) view.EngineSpec {
	return view.EngineSpec{Name: Name, Extensions: Extensions, New: func(s view.Setup) (view.Engine, error) {
		return newEngine(cfg, s)
	}}
}

// engine renders Jinja templates with gonja.
type engine struct {
	s      view.Setup
	cfg    *config.Config
	env    *exec.Environment
	r      *view.Reloader[*parsed]
	scopes sync.Pool // *scope
}

// parsed is every template of one read of the files.
type parsed struct {
	files *view.Files
	tmpls map[string]*exec.Template
}

// scope is a Binding with the helpers bound to it, reused from render to
// render like the html engine's clones.
type scope struct {
	b     view.Binding
	funcs map[string]any
}

func newEngine(cfg Config, s view.Setup) (*engine, error) {
	c := config.New()
	c.AutoEscape = true
	c.TrimBlocks = cfg.TrimBlocks
	c.LeftStripBlocks = cfg.LstripBlocks
	c.StrictUndefined = cfg.StrictUndefined
	e := &engine{s: s, cfg: c, env: &exec.Environment{
		Context:           exec.EmptyContext().Update(builtins.GlobalFunctions).Update(builtins.GlobalVariables),
		Filters:           builtins.Filters,
		Tests:             builtins.Tests,
		ControlStructures: controlStructures(),
		Methods:           builtins.Methods,
	}}
	r, err := view.NewReloader(s, e.parse)
	if err != nil {
		return nil, err
	}
	e.r = r
	return e, nil
}

// parse parses every template, and with it what each extends; an include
// renders the template parsed here (include.go).
func (e *engine) parse(files *view.Files) (*parsed, error) {
	p := &parsed{files: files, tmpls: map[string]*exec.Template{}}
	for _, name := range files.Names() {
		// Each template's loader starts from its own directory, for
		// {% extends "./base.njk" %}.
		l := &loader{files: files, tmpls: p.tmpls, dir: path.Dir(name)}
		t, err := exec.NewTemplate(name, e.cfg, l, e.env)
		if err != nil {
			// gonja's own message quotes the template's whole source: keep
			// only the cause.
			if inner := errors.Unwrap(err); inner != nil {
				err = inner
			}
			return nil, fmt.Errorf("gonja: parsing %s in %s: %w", name, e.s.Root, err)
		}
		p.tmpls[name] = t
	}
	return p, nil
}

// Render implements view.Engine. data is a map[string]any (Jinja reads
// top-level names) or nil; a template.HTML value in it is not escaped.
// Data names win over helpers of the same name.
func (e *engine) Render(w io.Writer, c *egg.Ctx, name string, data any) error {
	p, err := e.r.Current()
	if err != nil {
		return err
	}
	t := p.tmpls[name]
	if t == nil {
		return e.r.NotFound(name)
	}
	var vars map[string]any
	switch d := data.(type) {
	case nil:
	case map[string]any:
		vars = d
	default:
		return fmt.Errorf("gonja: the data for %q is a %T; Jinja templates read top-level names, so pass a map[string]any", name, data)
	}
	sc := e.scope()
	ctx := make(map[string]any, len(sc.funcs)+len(vars))
	for k, v := range sc.funcs {
		ctx[k] = v
	}
	for k, v := range vars {
		if h, ok := v.(template.HTML); ok {
			v = exec.AsSafeValue(string(h))
		}
		ctx[k] = v
	}
	sc.b.Set(c)
	err = t.Execute(w, exec.NewContext(ctx))
	sc.b.Set(nil)
	e.scopes.Put(sc)
	return err
}

func (e *engine) scope() *scope {
	if sc, ok := e.scopes.Get().(*scope); ok {
		return sc
	}
	sc := &scope{}
	sc.funcs = e.s.Funcs(&sc.b)
	for k, fn := range sc.funcs {
		sc.funcs[k] = safeHTML(fn)
	}
	return sc
}

var (
	htmlType  = reflect.TypeFor[template.HTML]()
	valueType = reflect.TypeFor[*exec.Value]()
)

// safeHTML wraps a helper that returns template.HTML so that Jinja's
// autoescape leaves its result alone, as html/template does; other helpers
// are returned as they are. It runs once per pooled scope, not per render.
func safeHTML(fn any) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumOut() == 0 || t.Out(0) != htmlType {
		return fn
	}
	in := make([]reflect.Type, t.NumIn())
	for i := range in {
		in[i] = t.In(i)
	}
	out := []reflect.Type{valueType}
	if t.NumOut() == 2 {
		out = append(out, t.Out(1))
	}
	return reflect.MakeFunc(reflect.FuncOf(in, out, t.IsVariadic()), func(args []reflect.Value) []reflect.Value {
		var res []reflect.Value
		if t.IsVariadic() {
			res = v.CallSlice(args)
		} else {
			res = v.Call(args)
		}
		res[0] = reflect.ValueOf(exec.AsSafeValue(res[0].String()))
		return res
	}).Interface()
}
