package otel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	gotel "go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// scope is the instrumentation scope of the spans and metrics this
// package makes.
const scope = "github.com/egg-go/egg/contrib/otel"

// Telemetry is one app's OpenTelemetry: its tracer and meter providers,
// its propagator, and the instruments egg records with (server spans and
// request durations, outbound calls, schedule runs). Nothing in it is
// global unless Config.Global asks. The module provides it as
// *otel.Telemetry; inject it to reach the providers.
//
// The providers exist from the moment it is made, so constructors may take
// Tracer, TracerProvider or MeterProvider and keep them; nothing is
// exported, and no goroutine runs, until it starts (the module starts it
// in DidLoad): spans that end before then are dropped.
type Telemetry struct {
	cfg    Config
	svc    Service
	stdout io.Writer // where the stdout exporters write; os.Stdout

	tp      *sdktrace.TracerProvider // nil when disabled
	mp      *sdkmetric.MeterProvider
	tracer  trace.Tracer
	prop    propagation.TextMapPropagator
	inst    instruments
	spans   sdktrace.SpanExporter // registered with a batch processor at start; nil for "none"
	metrics *metricExport         // exports the metrics from start on; nil for "none" or Config.MetricReader

	http    *serverAttrs // cached span names and metric attribute sets per kind of request
	runs    sync.Map     // schedule run id → trace.Span, while the run goes
	started sync.Once
	closed  sync.Once
}

// New builds and starts the providers cfg describes, for use without an
// egg app (inside one, Module does this). Call Shutdown when done. The
// error names the config field at fault.
func New(cfg Config, svc Service) (*Telemetry, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t, err := prepare(cfg, svc, os.Stdout)
	if err != nil {
		return nil, err
	}
	t.start()
	return t, nil
}

// prepare builds the exporters and the providers, without starting
// anything: the span exporter is not registered yet and the metrics are
// not exported yet.
func prepare(cfg Config, svc Service, stdout io.Writer) (*Telemetry, error) {
	t := &Telemetry{cfg: cfg, svc: svc, stdout: stdout, http: newServerAttrs()}
	t.prop, _ = propagatorOf(cfg.Propagators)
	if cfg.Disabled || t.prop == nil {
		t.prop = propagation.NewCompositeTextMapPropagator()
	}
	if cfg.Disabled {
		t.tracer = tracenoop.NewTracerProvider().Tracer(scope)
		t.inst = newInstruments(metricnoop.NewMeterProvider().Meter(scope))
		return t, nil
	}
	res, err := newResource(cfg, svc)
	if err != nil {
		return nil, err
	}
	if t.spans, err = t.spanExporter(); err != nil {
		return nil, err
	}
	reader, err := t.metricReader()
	if err != nil {
		return nil, err
	}
	t.tp = sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithSampler(samplerOf(cfg)))
	mopts := []sdkmetric.Option{sdkmetric.WithResource(res)}
	if reader != nil {
		mopts = append(mopts, sdkmetric.WithReader(reader))
	}
	t.mp = sdkmetric.NewMeterProvider(mopts...)
	t.tracer = t.tp.Tracer(scope)
	t.inst = newInstruments(t.mp.Meter(scope))
	return t, nil
}

// start registers the span exporter behind a batch processor and starts
// exporting metrics, each with its goroutine; so it runs when the app
// starts, never in a constructor. It installs the globals when
// Config.Global asks.
func (t *Telemetry) start() {
	t.started.Do(func() {
		if t.tp == nil {
			return
		}
		if t.spans != nil {
			t.tp.RegisterSpanProcessor(sdktrace.NewBatchSpanProcessor(t.spans))
		}
		if t.metrics != nil {
			t.metrics.start()
		}
		if t.cfg.Global {
			gotel.SetTracerProvider(t.tp)
			gotel.SetMeterProvider(t.mp)
			gotel.SetTextMapPropagator(t.prop)
		}
	})
}

// TracerProvider returns the app's tracer provider, for libraries that
// take one (database drivers, gRPC). It is a no-op provider when the
// module is Disabled.
func (t *Telemetry) TracerProvider() trace.TracerProvider {
	if t.tp == nil {
		return tracenoop.NewTracerProvider()
	}
	return t.tp
}

// MeterProvider returns the app's meter provider, for the app's own
// instruments and libraries that take one. It is a no-op provider when
// the module is Disabled.
func (t *Telemetry) MeterProvider() metric.MeterProvider {
	if t.mp == nil {
		return metricnoop.NewMeterProvider()
	}
	return t.mp
}

// Tracer returns the tracer egg's spans come from, for the app's own
// spans: tracer.Start(c, "load cart").
func (t *Telemetry) Tracer() trace.Tracer { return t.tracer }

// Propagator returns the propagator of Config.Propagators.
func (t *Telemetry) Propagator() propagation.TextMapPropagator { return t.prop }

// ForceFlush exports every ended span and the current metrics now,
// waiting at most until ctx ends. Tests call it before reading an
// in-memory exporter.
func (t *Telemetry) ForceFlush(ctx context.Context) error {
	if t.tp == nil {
		return nil
	}
	err := t.tp.ForceFlush(ctx)
	if t.metrics != nil {
		err = errors.Join(err, t.metrics.export(ctx))
	}
	return errors.Join(err, t.mp.ForceFlush(ctx))
}

// Shutdown flushes and stops the providers and their exporters, waiting
// at most Config.ShutdownTimeout (and until ctx ends). Spans ended after
// it are dropped. Calling it again does nothing.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var err error
	t.closed.Do(func() {
		if t.tp == nil {
			return
		}
		ctx, cancel := context.WithTimeout(ctx, t.cfg.ShutdownTimeout)
		defer cancel()
		// side by side, so that a stuck span exporter leaves the metrics
		// their share of the time
		var wg sync.WaitGroup
		var terr error
		wg.Go(func() {
			terr = t.tp.Shutdown(ctx)
			if t.spans != nil && !t.startedOnce() {
				terr = errors.Join(terr, t.spans.Shutdown(ctx)) // never registered: the provider did not shut it down
			}
		})
		var merr error
		if t.metrics != nil {
			merr = t.metrics.shutdown(ctx)
		}
		merr = errors.Join(merr, t.mp.Shutdown(ctx))
		wg.Wait()
		if terr != nil {
			err = fmt.Errorf("otel: flushing spans at shutdown (OTEL_EGG_SHUTDOWN_TIMEOUT=%s): %w", t.cfg.ShutdownTimeout, terr)
		}
		if merr != nil {
			err = errors.Join(err, fmt.Errorf("otel: flushing metrics at shutdown (OTEL_EGG_SHUTDOWN_TIMEOUT=%s): %w", t.cfg.ShutdownTimeout, merr))
		}
	})
	return err
}

// startedOnce reports whether start has run (it cannot run after this
// call: Do waits for a running one and then does nothing).
func (t *Telemetry) startedOnce() bool {
	ran := true
	t.started.Do(func() { ran = false })
	return ran
}

// samplerOf builds Config.Sampler.
func samplerOf(cfg Config) sdktrace.Sampler {
	switch cfg.Sampler {
	case SamplerAlwaysOn:
		return sdktrace.AlwaysSample()
	case SamplerAlwaysOff:
		return sdktrace.NeverSample()
	case SamplerTraceIDRatio:
		return sdktrace.TraceIDRatioBased(cfg.SamplerRatio)
	case SamplerParentBasedAlwaysOn:
		return sdktrace.ParentBased(sdktrace.AlwaysSample())
	case SamplerParentBasedAlwaysOff:
		return sdktrace.ParentBased(sdktrace.NeverSample())
	}
	return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SamplerRatio))
}

// propagatorOf builds Config.Propagators; the error says what to use.
func propagatorOf(names []string) (propagation.TextMapPropagator, error) {
	var ps []propagation.TextMapPropagator
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		switch n {
		case "tracecontext":
			if !seen[n] {
				ps = append(ps, propagation.TraceContext{})
			}
		case "baggage":
			if !seen[n] {
				ps = append(ps, propagation.Baggage{})
			}
		case "none", "":
		default:
			return nil, fmt.Errorf(`%q is not built in; use "tracecontext", "baggage" or "none", e.g. OTEL_PROPAGATORS=tracecontext,baggage`, n)
		}
		seen[n] = true
	}
	return propagation.NewCompositeTextMapPropagator(ps...), nil
}
