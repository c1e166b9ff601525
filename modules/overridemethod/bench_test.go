package overridemethod_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/overridemethod"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map,
// so that the benchmark counts the middleware's allocations, not a
// recorder's.
type sink struct {
	h    http.Header
	body strings.Builder
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return s.body.Write(b) }
func (s *sink) WriteHeader(int)             {}

func benchApp(b *testing.B, opts ...fx.Option) http.Handler {
	say := func(c *egg.Ctx) error { return c.Text(http.StatusOK, c.Method()) }
	routes := egg.Routes(func(r *egg.Router) {
		r.Get("/hello", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "Hello World") })
		r.Post("/posts/1", say)
		r.Put("/posts/1", say)
	})
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }), routes}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()) })
	return app
}

// loop serves the request b.N times after checking the answer once; body
// and header make the request.
func loop(b *testing.B, h http.Handler, method, path, contentType, body, header, want string) {
	w := &sink{h: http.Header{}}
	req := func() *http.Request {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if header != "" {
			r.Header.Set("X-HTTP-Method-Override", header)
		}
		return r
	}
	h.ServeHTTP(w, req())
	if w.body.String() != want {
		b.Fatalf("%s %s: %q, want %q", method, path, w.body.String(), want)
	}
	r := req()
	rd := strings.NewReader(body)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		w.body.Reset()
		rd.Reset(body)
		r.Body = io.NopCloser(rd)
		h.ServeHTTP(w, r)
	}
}

// BenchmarkOverridemethod: a hello GET through an egg app without and
// with the middleware (its cost on requests it has nothing to do with),
// and POSTs it overrides from the header and from a small form body.
func BenchmarkOverridemethod(b *testing.B) {
	b.Run("egg", func(b *testing.B) { loop(b, benchApp(b), "GET", "/hello", "", "", "", "Hello World") })
	b.Run("egg+overridemethod", func(b *testing.B) {
		loop(b, benchApp(b, overridemethod.Module), "GET", "/hello", "", "", "", "Hello World")
	})
	b.Run("header", func(b *testing.B) {
		loop(b, benchApp(b, overridemethod.Module), "POST", "/posts/1", "application/json", "{}", "PUT", "PUT")
	})
	b.Run("form", func(b *testing.B) {
		loop(b, benchApp(b, overridemethod.Module), "POST", "/posts/1", "application/x-www-form-urlencoded", "title=hello&body=world&_method=PUT", "", "PUT")
	})
	b.Run("form-no-override", func(b *testing.B) {
		loop(b, benchApp(b, overridemethod.Module), "POST", "/posts/1", "application/x-www-form-urlencoded", "title=hello&body=world", "", "POST")
	})
}
