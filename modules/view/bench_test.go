package view_test

import (
	"context"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view"
)

// benchWriter is a reusable ResponseWriter that keeps nothing.
type benchWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(s int)           { w.status = s }
func (w *benchWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

// BenchmarkRender is one request for a page with a layout and a partial
// (home.html: layouts/main.html, partials/nav.html with two pathFor calls),
// plus a contributed helper, through the whole app: routing, view.Render,
// the response. The page runs compiled (the default). Compare with
// bench/'s hello to see the render's own cost.
func BenchmarkRender(b *testing.B) { benchRender(b, true) }

// BenchmarkRenderStdlib is BenchmarkRender with CompileHTML off: the page
// runs in html/template's own executor.
func BenchmarkRenderStdlib(b *testing.B) { benchRender(b, false) }

func benchRender(b *testing.B, compile bool) {
	app, err := egg.New(egg.Env("unittest"), egg.BaseDir(site(b)), egg.LogOutput(io.Discard),
		view.Module, pages(), view.AddHelper(view.Func("csrfToken", token)),
		egg.Configure(func(c *view.Config) { c.CompileHTML = compile }))
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer app.Stop(context.Background())
	h := app.Handler()
	req := httptest.NewRequest(http.MethodGet, "/?name=Ada", nil)
	w := &benchWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status != 200 || w.n < 150 {
		b.Fatalf("status %d, %d bytes", w.status, w.n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

// benchSet parses the test site's home page the way the html engine does:
// the shared files, then the page, into a never-executed master.
func benchSet(b *testing.B, funcs template.FuncMap) *template.Template {
	dir := filepath.Join(site(b), "app", "view")
	t := template.New("").Funcs(funcs)
	for _, name := range []string{"layouts/main.html", "partials/nav.html", "home.html"} {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			b.Fatal(err)
		}
	}
	return t.Lookup("home.html")
}

var benchData = map[string]any{"Name": "Ada"}

// BenchmarkRenderClonePerRequest is the design the html engine avoids:
// clone the page and bind the request's helpers for every render. A
// clone must be escaped again before it runs, which is most of the cost.
func BenchmarkRenderClonePerRequest(b *testing.B) {
	master := benchSet(b, template.FuncMap{"pathFor": func(string, ...any) string { return "" }})
	b.ReportAllocs()
	for b.Loop() {
		t, err := master.Clone()
		if err != nil {
			b.Fatal(err)
		}
		req := "/"
		t.Funcs(template.FuncMap{"pathFor": func(name string, kv ...any) string { return req }})
		if err := t.Execute(io.Discard, benchData); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderNoRequestHelpers is the floor: the same page executed
// from one shared template whose functions know no request.
func BenchmarkRenderNoRequestHelpers(b *testing.B) {
	t := benchSet(b, template.FuncMap{"pathFor": func(string, ...any) string { return "/" }})
	b.ReportAllocs()
	for b.Loop() {
		if err := t.Execute(io.Discard, benchData); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderString is view.RenderString of the same page on one Ctx:
// the engine with its pooled clones, without the HTTP request around it.
func BenchmarkRenderString(b *testing.B) {
	app, err := egg.New(egg.Env("unittest"), egg.BaseDir(site(b)), egg.LogOutput(io.Discard), view.Module, pages())
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer app.Stop(context.Background())
	c := app.NewContext(context.Background())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := view.RenderString(c, "home", benchData); err != nil {
			b.Fatal(err)
		}
	}
}
