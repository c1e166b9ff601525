package contrib_test

import (
	"context"
	"io"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/bench/apps"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/modules"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/fx"
)

// variant is one stack the benchmark compares.
type variant struct {
	name string
	opts func(spans sdktrace.SpanExporter) []fx.Option
}

// variants are the stacks: the default one alone, with the metrics, with
// the traces (every request sampled, spans through the SDK's batch
// processor into spans, metrics into a manual reader nobody collects, as
// contrib/otel's own benchmark does), with traces unsampled
// (SamplerRatio 0: spans made and propagated, nothing recorded), and with
// both contribs.
func variants() []variant {
	withOtel := func(spans sdktrace.SpanExporter, ratio float64) fx.Option {
		return fx.Options(otel.Module, egg.Configure(func(c *otel.Config) {
			c.SpanExporter, c.MetricReader, c.SamplerRatio = spans, sdkmetric.NewManualReader(), ratio
		}))
	}
	return []variant{
		{"default", func(sdktrace.SpanExporter) []fx.Option { return nil }},
		{"prometheus", func(sdktrace.SpanExporter) []fx.Option { return []fx.Option{prometheus.Module} }},
		{"otel", func(s sdktrace.SpanExporter) []fx.Option { return []fx.Option{withOtel(s, 1)} }},
		{"otel-unsampled", func(s sdktrace.SpanExporter) []fx.Option { return []fx.Option{withOtel(s, 0)} }},
		{"prometheus+otel", func(s sdktrace.SpanExporter) []fx.Option {
			return []fx.Option{withOtel(s, 1), prometheus.Module}
		}},
	}
}

// start starts the bench/apps egg app on the default stack, in prod, with
// opts; it stops at cleanup.
func start(tb testing.TB, opts ...fx.Option) *egg.App {
	tb.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(tb.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }), modules.Default(), apps.Egg()}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { // and let the app go: testing keeps its run cleanups reachable
		if err := app.Stop(context.Background()); err != nil {
			tb.Errorf("Stop: %v", err)
		}
		app = nil
	})
	return app
}
