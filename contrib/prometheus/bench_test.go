package prometheus_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

// The cost per request of the metrics: the same app, with egg's default
// stack (modules.Default()), without and with the module, measured in one
// run. See BENCH.md for the command and the numbers.
//
//	go test -run '^$' -bench . -benchmem ./contrib/prometheus

// benchRoutes is a JSON-less API route with a parameter, as most are.
var benchRoutes = egg.Routes(func(r *egg.Router) {
	r.Get("/api/users/:id", func(c *egg.Ctx) error { return c.Text(200, "user "+c.Param("id")) }).Name("user")
})

// sinkWriter keeps nothing but reuses its header map, so the benchmarks
// count egg's and the module's allocations, not a recorder's.
type sinkWriter struct{ h http.Header }

func (s *sinkWriter) Header() http.Header         { return s.h }
func (s *sinkWriter) Write(b []byte) (int, error) { return len(b), nil }
func (s *sinkWriter) WriteHeader(int)             {}

func benchApp(b *testing.B, opts ...fx.Option) *egg.App {
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false })}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()); app = nil }) // testing keeps run cleanups reachable
	return app
}

func serveLoop(b *testing.B, h http.Handler, target string, status int) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
	if w.Code != status {
		b.Fatalf("%s: %d, want %d", target, w.Code, status)
	}
	r := httptest.NewRequest("GET", target, nil)
	s := &sinkWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.ServeHTTP(s, r)
		clear(s.h)
	}
}

// BenchmarkRequest: GET /api/users/1 through the default stack, without
// and with the metrics; the same with no other module (bare), where the
// difference stands out of less noise; and a 404, which takes the
// unmatched label.
func BenchmarkRequest(b *testing.B) {
	b.Run("default", func(b *testing.B) {
		serveLoop(b, benchApp(b, modules.Default(), benchRoutes), "/api/users/1", 200)
	})
	b.Run("default+prometheus", func(b *testing.B) {
		serveLoop(b, benchApp(b, modules.Default(), prometheus.Module, benchRoutes), "/api/users/1", 200)
	})
	b.Run("bare", func(b *testing.B) {
		serveLoop(b, benchApp(b, benchRoutes), "/api/users/1", 200)
	})
	b.Run("bare+prometheus", func(b *testing.B) {
		serveLoop(b, benchApp(b, prometheus.Module, benchRoutes), "/api/users/1", 200)
	})
	b.Run("404/default", func(b *testing.B) {
		serveLoop(b, benchApp(b, modules.Default(), benchRoutes), "/nothing", 404)
	})
	b.Run("404/default+prometheus", func(b *testing.B) {
		serveLoop(b, benchApp(b, modules.Default(), prometheus.Module, benchRoutes), "/nothing", 404)
	})
}

// BenchmarkRequestParallel: the same on every core at once, where the
// shared counters are contended.
func BenchmarkRequestParallel(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []fx.Option
	}{
		{"default", []fx.Option{modules.Default(), benchRoutes}},
		{"default+prometheus", []fx.Option{modules.Default(), prometheus.Module, benchRoutes}},
	} {
		b.Run(c.name, func(b *testing.B) {
			app := benchApp(b, c.opts...)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := httptest.NewRequest("GET", "/api/users/1", nil)
				s := &sinkWriter{h: http.Header{}}
				for pb.Next() {
					app.ServeHTTP(s, r)
					clear(s.h)
				}
			})
		})
	}
}

// BenchmarkScrape: one scrape of an app's registry after traffic on a
// few routes (the cost lands on the scraper, every 15 s or so).
func BenchmarkScrape(b *testing.B) {
	app := benchApp(b, modules.Default(), prometheus.Module, benchRoutes)
	for _, p := range []string{"/api/users/1", "/nothing", "/api/users/2"} {
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	r := httptest.NewRequest("GET", "/metrics", nil)
	b.ReportAllocs()
	for b.Loop() {
		app.ServeHTTP(&sinkWriter{h: http.Header{}}, r)
	}
}

// BenchmarkMiddleware: the module's own work alone, outside egg and any
// router (so the pattern is <unmatched>): a handler that writes "ok",
// bare and wrapped in Metrics.Middleware. Short and steady, so it shows
// the added cost with less noise than a whole request.
func BenchmarkMiddleware(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	m, err := prometheus.New(prometheus.DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"handler", ok}, {"metrics+handler", m.Middleware(ok)}} {
		b.Run(c.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", "/api/users/1", nil)
			s := &sinkWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(s, r)
			}
		})
	}
}
