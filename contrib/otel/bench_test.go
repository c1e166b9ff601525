package otel_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/bench/apps"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/modules"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/fx"
)

// benchSink is a ResponseWriter that keeps nothing but reuses its header
// map, so that the allocations counted are the framework's (as in
// bench/bench_test.go).
type benchSink struct{ h http.Header }

func (s *benchSink) Header() http.Header         { return s.h }
func (s *benchSink) Write(b []byte) (int, error) { return len(b), nil }
func (s *benchSink) WriteHeader(int)             {}

// benchApp starts the bench/apps egg app on egg's default stack
// (modules.Default()), in prod, with opts.
func benchApp(b *testing.B, opts ...fx.Option) *egg.App {
	b.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }), modules.Default(), apps.Egg()}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()); app = nil }) // testing keeps run cleanups reachable
	return app
}

// withOtel adds the module: spans through the batch processor into an
// exporter that drops them (so the cost is egg's and the SDK's, not an
// exporter's I/O), metrics into a reader nobody collects.
func withOtel(edit func(c *otel.Config)) fx.Option {
	return fx.Options(otel.Module, egg.Configure(func(c *otel.Config) {
		c.SpanExporter = tracetest.NewNoopExporter()
		c.MetricReader = sdkmetric.NewManualReader()
		if edit != nil {
			edit(c)
		}
	}))
}

// BenchmarkRequest is the cost of one request through egg's default stack
// without the module and with it: every trace sampled (through the
// batch processor, as in production), sampled with no exporter (no batch
// processor: the SDK's own cost), none sampled
// (SamplerRatio 0: the span is made and propagated but records nothing),
// sampled with an incoming traceparent, and the module Disabled. Two
// routes: /hello and /users/{id} (three route middlewares, a scoped
// service, JSON).
//
//	go test -run '^$' -bench Request -benchmem -count=6 ./contrib/otel/
func BenchmarkRequest(b *testing.B) {
	variants := []struct {
		name   string
		opts   []fx.Option
		header string // traceparent sent
	}{
		{"default", nil, ""},
		{"sampled", []fx.Option{withOtel(nil)}, ""},
		{"sampled-noexport", []fx.Option{withOtel(func(c *otel.Config) { c.SpanExporter, c.TracesExporter = nil, otel.ExporterNone })}, ""},
		{"unsampled", []fx.Option{withOtel(func(c *otel.Config) { c.SamplerRatio = 0 })}, ""},
		{"incoming", []fx.Option{withOtel(nil)}, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
		{"disabled", []fx.Option{withOtel(func(c *otel.Config) { c.Disabled = true })}, ""},
	}
	for _, route := range []struct{ name, path, want string }{
		{"hello", "/hello", "Hello World"},
		{"json", "/users/42", `{"id":"42","name":"user 42"}`},
	} {
		for _, v := range variants {
			b.Run(route.name+"/"+v.name, func(b *testing.B) {
				app := benchApp(b, v.opts...)
				r := httptest.NewRequest("GET", route.path, nil)
				if v.header != "" {
					r.Header.Set("Traceparent", v.header)
				}
				rec := httptest.NewRecorder()
				app.ServeHTTP(rec, r)
				if rec.Code != 200 || rec.Body.String() != route.want {
					b.Fatalf("%s: %d %q", route.path, rec.Code, rec.Body.String())
				}
				w := &benchSink{h: http.Header{}}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					app.ServeHTTP(w, r)
					clear(w.h)
				}
			})
		}
	}
}
