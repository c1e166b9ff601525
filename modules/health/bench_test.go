package health_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/health"
)

func benchApp(b *testing.B) *egg.App {
	app, err := egg.New(egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard), health.Module,
		health.Register(health.Check{Name: "db", Func: func(context.Context) error { return nil }}),
		egg.Routes(func(r *egg.Router) { r.Get("/api", func(c *egg.Ctx) error { return c.NoContent(204) }) }))
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { app.Stop(context.Background()) })
	return app
}

func benchServe(b *testing.B, h http.Handler, path string, want int) {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			b.Fatalf("%s: %d", path, w.Code)
		}
	}
}

// BenchmarkPassThrough is an app request through egg with the health
// middleware in front: what the module costs requests that are not probes
// (compare BenchmarkPassThroughWithout).
func BenchmarkPassThrough(b *testing.B) { benchServe(b, benchApp(b).Handler(), "/api", 204) }

func BenchmarkPassThroughWithout(b *testing.B) {
	app, err := egg.New(egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Routes(func(r *egg.Router) { r.Get("/api", func(c *egg.Ctx) error { return c.NoContent(204) }) }))
	if err != nil {
		b.Fatal(err)
	}
	app.Start(context.Background())
	b.Cleanup(func() { app.Stop(context.Background()) })
	benchServe(b, app.Handler(), "/api", 204)
}

// BenchmarkReadiness is a readiness probe answered from the cached check
// results (CacheFor).
func BenchmarkReadiness(b *testing.B) { benchServe(b, benchApp(b).Handler(), "/readyz", 200) }

// BenchmarkLiveness is a liveness probe.
func BenchmarkLiveness(b *testing.B) { benchServe(b, benchApp(b).Handler(), "/healthz", 200) }
