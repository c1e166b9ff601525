package view

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"strings"
	"sync"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view/internal/htmlexec"
)

// HTMLEngineName is the name of the html/template engine in Config.Mapping.
const HTMLEngineName = "html"

// HTMLEngine is the spec of the default engine, on html/template
// (contextual auto-escaping), for ".html" files. The view module
// registers it with Config.SharedDirs.
//
// Every file under a shared directory (layouts, partials) is parsed into
// every page, named by its path under the root, so a page reaches a layout
// the way a nunjucks page extends one:
//
//	{{/* app/view/home.html */}}
//	{{ template "layouts/main.html" . }}
//	{{ define "title" }}Home{{ end }}
//	{{ define "content" }}<p>Hello, {{ .Name }}</p>{{ end }}
//
//	{{/* app/view/layouts/main.html */}}
//	<title>{{ block "title" . }}Shop{{ end }}</title>
//	{{ template "partials/nav.html" . }}
//	<main>{{ block "content" . }}{{ end }}</main>
//
// Each page is its own template set, so two pages may both define
// "content". Layouts and partials share one set: block names defined in
// two of them would clash.
func HTMLEngine(sharedDirs []string) EngineSpec {
	return htmlEngineSpec(sharedDirs, true)
}

// htmlEngineSpec is HTMLEngine, with compiled pages on or off
// (Config.CompileHTML).
func htmlEngineSpec(sharedDirs []string, compile bool) EngineSpec {
	prefixes := (&Config{SharedDirs: sharedDirs}).sharedPrefixes()
	return EngineSpec{Name: HTMLEngineName, Extensions: []string{".html"}, New: func(s Setup) (Engine, error) {
		if s.Logger == nil {
			s.Logger = slog.New(slog.DiscardHandler)
		}
		e := &htmlEngine{s: s, shared: prefixes, compile: compile}
		for _, h := range s.Helpers {
			e.samples = append(e.samples, htmlexec.Helper{Name: h.Name, Sample: h.Bind(&Binding{})})
		}
		r, err := NewReloader(s, e.parse)
		if err != nil {
			return nil, err
		}
		e.r = r
		return e, nil
	}}
}

// htmlEngine renders html/template pages.
//
// A page is compiled (internal/htmlexec): html/template escapes it once,
// at start-up, and a program runs the escaped page, calling the escapers
// and helpers directly where text/template would call each through
// reflect. Its helpers are bound to a Binding of a pooled binder, pointed
// at the request for the render. A page the compiler does not handle (a
// script or style context, some builtins) renders with html/template, as
// does a render the program gives up on (an error, for html/template's
// message; a value shape it does not handle, and then every later render
// of that page).
//
// html/template binds functions to a template set, not to a render, and a
// set cannot be cloned once it has run (and a fresh clone must be escaped
// again: tens of microseconds). So for html/template each page keeps a
// pool of clones, each with its helpers bound to a Binding of its own; a
// render takes a clone, points its Binding at the request, runs it and
// puts it back. BenchmarkRender, BenchmarkRenderStdlib and
// BenchmarkRenderClonePerRequest in this package measure the three ways.
type htmlEngine struct {
	s       Setup
	shared  []string
	compile bool
	samples []htmlexec.Helper // each helper bound once, for its type
	binders sync.Pool         // *binder
	r       *Reloader[htmlSet]
}

// htmlSet is the parsed pages, by name.
type htmlSet map[string]*htmlPage

// htmlPage is one renderable template: its compiled program (nil when it
// has none), a never-executed master to clone, and the clones ready for
// use.
type htmlPage struct {
	prog   *htmlexec.Program
	master *template.Template
	s      *Setup
	pool   sync.Pool // *htmlInstance
}

// htmlInstance is a clone of a page with its helpers bound to b.
type htmlInstance struct {
	t *template.Template
	b Binding
}

// binder is the helpers bound to b, for compiled pages, and the buffer a
// render writes into when the writer is not a *bytes.Buffer.
type binder struct {
	b   Binding
	fns []any
	out []byte
}

// Render implements Engine.
func (e *htmlEngine) Render(w io.Writer, c *egg.Ctx, name string, data any) error {
	set, err := e.r.Current()
	if err != nil {
		return err
	}
	p := set[name]
	if p == nil {
		return e.r.NotFound(name)
	}
	if p.prog != nil && !p.prog.Disabled() {
		if done, err := e.run(w, c, p, data); done {
			return err
		}
	}
	inst, err := p.get()
	if err != nil {
		return err
	}
	inst.b.Set(c)
	err = inst.t.Execute(w, data)
	inst.b.Set(nil)
	p.pool.Put(inst)
	return err
}

// run renders p's program into w; done is false when the page must be
// rendered with html/template instead (nothing was written).
func (e *htmlEngine) run(w io.Writer, c *egg.Ctx, p *htmlPage, data any) (done bool, err error) {
	bd, _ := e.binders.Get().(*binder)
	if bd == nil {
		bd = &binder{fns: make([]any, len(e.s.Helpers))}
		for i, h := range e.s.Helpers {
			bd.fns[i] = h.Bind(&bd.b)
		}
	}
	buf, direct := w.(*bytes.Buffer)
	out := bd.out[:0]
	if direct {
		out = buf.AvailableBuffer()
	}
	bd.b.Set(c)
	out, err = p.prog.Execute(out, data, bd.fns)
	bd.b.Set(nil)
	if err == nil {
		if direct {
			buf.Write(out)
		} else {
			_, err = w.Write(out)
			if cap(out) <= 256<<10 {
				bd.out = out[:0]
			}
		}
	} else if errors.Is(err, htmlexec.ErrUnsupported) {
		e.s.Logger.Info("view: this page renders with html/template from now on (slower)", "template", p.prog.Name(), "reason", err)
	}
	e.binders.Put(bd)
	return err == nil, err
}

func (p *htmlPage) get() (*htmlInstance, error) {
	if inst, ok := p.pool.Get().(*htmlInstance); ok {
		return inst, nil
	}
	t, err := p.master.Clone()
	if err != nil {
		return nil, fmt.Errorf("view: cloning template %q: %w", p.master.Name(), err)
	}
	inst := &htmlInstance{t: t}
	t.Funcs(p.s.Funcs(&inst.b))
	return inst, nil
}

// parse builds one template set per page: the shared files, then the page
// (so the page's definitions override the layout's blocks).
func (e *htmlEngine) parse(files *Files) (htmlSet, error) {
	stubs := template.FuncMap{}
	for _, n := range e.s.HelperNames() {
		stubs[n] = unbound(n)
	}
	base := template.New("").Funcs(stubs)
	var pages, shared []string
	for _, name := range files.Names() {
		if e.isShared(name) {
			shared = append(shared, name)
		} else {
			pages = append(pages, name)
		}
	}
	for _, name := range shared {
		src, _ := files.Read(name)
		if _, err := base.New(name).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("view: parsing templates in %s: %w", e.s.Root, err)
		}
	}
	set := htmlSet{}
	for _, name := range shared {
		set[name] = e.page(base.Lookup(name))
	}
	for _, name := range pages {
		ns, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("view: parsing %q in %s: %w", name, e.s.Root, err)
		}
		src, _ := files.Read(name)
		t, err := ns.New(name).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("view: parsing templates in %s: %w", e.s.Root, err)
		}
		set[name] = e.page(t)
	}
	return set, nil
}

// page makes the htmlPage of master, compiling it unless compiling is
// off.
func (e *htmlEngine) page(master *template.Template) *htmlPage {
	p := &htmlPage{master: master, s: &e.s}
	if !e.compile {
		return p
	}
	prog, err := htmlexec.Compile(master, e.samples)
	if err != nil {
		e.s.Logger.Debug("view: this page renders with html/template", "template", master.Name(), "reason", err)
		return p
	}
	p.prog = prog
	return p
}

func (e *htmlEngine) isShared(name string) bool {
	for _, p := range e.shared {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// unbound stands in for a helper while templates are parsed (html/template
// needs every function name then); every clone that runs has the real one.
func unbound(name string) func(...any) (string, error) {
	return func(...any) (string, error) {
		return "", fmt.Errorf("view: helper %s called outside a render", name)
	}
}
