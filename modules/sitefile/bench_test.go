package sitefile_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/sitefile"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map,
// so that the benchmark counts the middleware's allocations, not a
// recorder's.
type sink struct {
	h    http.Header
	code int
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(code int)        { s.code = code }

func benchApp(b *testing.B, opts ...fx.Option) http.Handler {
	hello := egg.Routes(func(r *egg.Router) {
		r.Get("/hello", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "Hello World") })
	})
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }), hello}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()) })
	return app
}

// loop serves GET path b.N times after checking the status once.
func loop(b *testing.B, h http.Handler, path string, want int) {
	r := httptest.NewRequest("GET", path, nil)
	w := &sink{h: http.Header{}}
	h.ServeHTTP(w, r)
	if w.code != want && !(w.code == 0 && want == 200) {
		b.Fatalf("GET %s: %d, want %d", path, w.code, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// BenchmarkSitefile: a hello request through an egg app without and with
// the sitefile middleware (its cost on every request that is not a site
// file), and the answers it gives itself: the unconfigured favicon (204)
// and a file from memory.
func BenchmarkSitefile(b *testing.B) {
	files := egg.Configure(func(c *sitefile.Config) {
		c.Files = map[string]sitefile.File{"/robots.txt": {Bytes: []byte("User-agent: *\nDisallow:\n")}}
	})
	b.Run("egg", func(b *testing.B) { loop(b, benchApp(b), "/hello", 200) })
	b.Run("egg+sitefile", func(b *testing.B) { loop(b, benchApp(b, sitefile.Module, files), "/hello", 200) })
	b.Run("favicon204", func(b *testing.B) { loop(b, benchApp(b, sitefile.Module, files), "/favicon.ico", 204) })
	b.Run("robots.txt", func(b *testing.B) { loop(b, benchApp(b, sitefile.Module, files), "/robots.txt", 200) })
}
