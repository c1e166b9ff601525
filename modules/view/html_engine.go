package view

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/egg-go/egg"
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
	prefixes := (&Config{SharedDirs: sharedDirs}).sharedPrefixes()
	return EngineSpec{Name: HTMLEngineName, Extensions: []string{".html"}, New: func(s Setup) (Engine, error) {
		e := &htmlEngine{s: s, shared: prefixes}
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
// Request helpers need per-request functions, but html/template binds
// functions to a template set, and a set cannot be cloned once it has run
// (and a fresh clone must be escaped again: tens of microseconds). So each
// page keeps a pool of clones, each with its helpers bound to a Binding of
// its own; a render takes a clone, points its Binding at the request, runs
// it and puts it back. A render costs a pool get and put; a clone is made
// (and escaped) only when every pooled one is busy, or after the garbage
// collector emptied the pool. BenchmarkRender and
// BenchmarkRenderClonePerRequest in this package measure both ways.
type htmlEngine struct {
	s      Setup
	shared []string
	r      *Reloader[htmlSet]
}

// htmlSet is the parsed pages, by name.
type htmlSet map[string]*htmlPage

// htmlPage is one renderable template: a never-executed master to clone,
// and the clones ready for use.
type htmlPage struct {
	master *template.Template
	s      *Setup
	pool   sync.Pool // *htmlInstance
}

// htmlInstance is a clone of a page with its helpers bound to b.
type htmlInstance struct {
	t *template.Template
	b Binding
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
		set[name] = &htmlPage{master: base.Lookup(name), s: &e.s}
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
		set[name] = &htmlPage{master: t, s: &e.s}
	}
	return set, nil
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
