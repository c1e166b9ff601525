package gonja_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gonja"
	"github.com/egg-go/egg/modules/view"
)

type benchWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(s int)           { w.status = s }
func (w *benchWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

// BenchmarkRenderGonja is one request for the Jinja page with a layout
// ({% extends %}), an include with a nested include, two pathFor calls and
// a contributed helper, through the whole app: the gonja counterpart of
// modules/view's BenchmarkRender.
func BenchmarkRenderGonja(b *testing.B) {
	app, err := egg.New(egg.Env("unittest"), egg.BaseDir(site(b)), egg.LogOutput(io.Discard),
		view.Module, gonja.Module, pages(),
		view.AddHelper(view.Func("csrfToken", func(c *egg.Ctx) string { return "t" })))
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
