package meta_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/meta"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map,
// so that the benchmark counts the middleware's allocations, not a
// recorder's.
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(int)             {}

// benchApp starts an egg app in prod with a hello route and opts.
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

// loop serves GET path b.N times; want is a header the response must
// have (checked once, so the benchmark never measures a wrong answer).
func loop(b *testing.B, h http.Handler, path, want string) {
	r := httptest.NewRequest("GET", path, nil)
	w := &sink{h: http.Header{}}
	h.ServeHTTP(w, r)
	if want != "" && w.h.Get(want) == "" {
		b.Fatalf("GET %s: no %s header", path, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// BenchmarkMeta: a hello request through an egg app without and with the
// meta middleware (the difference is meta's cost), and meta alone around
// a plain handler.
func BenchmarkMeta(b *testing.B) {
	b.Run("egg", func(b *testing.B) { loop(b, benchApp(b), "/hello", "") })
	b.Run("egg+meta", func(b *testing.B) { loop(b, benchApp(b, meta.Module), "/hello", meta.HeaderReadtime) })
	b.Run("plain+meta", func(b *testing.B) {
		h := meta.New(meta.DefaultConfig()).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "Hello World")
		}))
		loop(b, h, "/hello", meta.HeaderReadtime)
	})
}
