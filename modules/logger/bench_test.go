package logger_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map,
// so that the benchmark counts the access log's allocations, not a
// recorder's.
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(int)             {}

// benchApp starts an app in env with a route and opts; its logs go to
// real files in a temp dir.
func benchApp(b *testing.B, env string, opts ...fx.Option) *egg.App {
	hello := egg.Routes(func(r *egg.Router) {
		r.Get("/users/:id", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "Hello World") }).Name("user")
	})
	dir := b.TempDir()
	app, err := egg.New(append([]fx.Option{egg.Name("bench"), egg.Env(env), egg.BaseDir(dir), egg.LogOutput(io.Discard),
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

// BenchmarkRequest is one request without and with the access log (one
// line written to a real file per request).
func BenchmarkRequest(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []fx.Option
	}{
		{"no module", nil},
		{"access log json", []fx.Option{logger.Module, logrotator.Module}},
		{"access log text", []fx.Option{logger.Module, logrotator.Module,
			egg.Configure(func(c *logger.Config) { c.Format = "text" })}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			app := benchApp(b, "prod", tc.opts...)
			r := httptest.NewRequest("GET", "/users/7", nil)
			w := &sink{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				app.ServeHTTP(w, r)
				clear(w.h)
			}
		})
	}
}

// BenchmarkAppLogger is one app logger line: console only (discarded),
// and with the file output.
func BenchmarkAppLogger(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []fx.Option
	}{
		{"console only", nil},
		{"files json", []fx.Option{logger.Module, logrotator.Module,
			egg.Configure(func(c *logger.Config) { c.ConsoleAfterReady = logger.ConsoleOn })}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			l := benchApp(b, "prod", tc.opts...).Logger()
			b.ReportAllocs()
			for b.Loop() {
				l.Info("order paid", "order", 42, "amount", 9.5)
			}
		})
	}
}
