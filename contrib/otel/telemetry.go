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
type Telemetry struct {
	cfg    Config
	svc    Service
	stdout io.Writer // where the stdout exporters write; os.Stdout

	// set by start, read-only afterwards
	tp      *sdktrace.TracerProvider // nil when disabled or not started
	mp      *sdkmetric.MeterProvider
	tracer  trace.Tracer
	prop    propagation.TextMapPropagator
	inst    instruments
	started bool

	http  *serverAttrs // cached metric attribute sets per route, method and status
	runs  sync.Map     // schedule run id → trace.Span, while the run goes
	close sync.Once
}

// New builds and starts the providers cfg describes, for use without an
// egg app (inside one, Module does this in DidLoad). Call Shutdown when
// done. The error names the config field at fault.
func New(cfg Config, svc Service) (*Telemetry, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := prepare(cfg, svc)
	if err := t.start(); err != nil {
		return nil, err
	}
	return t, nil
}

// prepare returns a Telemetry that does nothing until start: its tracer
// and meter are no-ops.
func prepare(cfg Config, svc Service) *Telemetry {
	t := &Telemetry{cfg: cfg, svc: svc, stdout: os.Stdout, http: newServerAttrs()}
	t.tracer = tracenoop.NewTracerProvider().Tracer(scope)
	t.prop, _ = propagatorOf(cfg.Propagators)
	if cfg.Disabled || t.prop == nil {
		t.prop = propagation.NewCompositeTextMapPropagator()
	}
	t.inst = newInstruments(metricnoop.NewMeterProvider().Meter(scope))
	return t
}

// start builds the exporters and providers. It starts the batch
// processor's and the periodic reader's goroutines, so it runs when the
// app starts, never in a constructor.
func (t *Telemetry) start() error {
	if t.started || t.cfg.Disabled {
		t.started = true
		return nil
	}
	res, err := newResource(t.cfg, t.svc)
	if err != nil {
		return err
	}
	spans, err := t.spanExporter()
	if err != nil {
		return err
	}
	reader, err := t.metricReader()
	if err != nil {
		if spans != nil {
			_ = spans.Shutdown(context.Background())
		}
		return err
	}
	topts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res), sdktrace.WithSampler(samplerOf(t.cfg))}
	if spans != nil {
		topts = append(topts, sdktrace.WithBatcher(spans))
	}
	t.tp = sdktrace.NewTracerProvider(topts...)
	mopts := []sdkmetric.Option{sdkmetric.WithResource(res)}
	if reader != nil {
		mopts = append(mopts, sdkmetric.WithReader(reader))
	}
	t.mp = sdkmetric.NewMeterProvider(mopts...)
	t.tracer = t.tp.Tracer(scope)
	t.inst = newInstruments(t.mp.Meter(scope))
	if t.cfg.Global {
		gotel.SetTracerProvider(t.tp)
		gotel.SetMeterProvider(t.mp)
		gotel.SetTextMapPropagator(t.prop)
	}
	t.started = true
	return nil
}

// TracerProvider returns the app's tracer provider, for libraries that
// take one (database drivers, gRPC). It is a no-op provider while the
// module is Disabled or before the app starts.
func (t *Telemetry) TracerProvider() trace.TracerProvider {
	if t.tp == nil {
		return tracenoop.NewTracerProvider()
	}
	return t.tp
}

// MeterProvider returns the app's meter provider, for the app's own
// instruments and libraries that take one. It is a no-op provider while
// the module is Disabled or before the app starts.
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
	return errors.Join(t.tp.ForceFlush(ctx), t.mp.ForceFlush(ctx))
}

// Shutdown flushes and stops the providers and their exporters, waiting
// at most Config.ShutdownTimeout (and until ctx ends). Spans ended after
// it are dropped. Calling it again does nothing.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var err error
	t.close.Do(func() {
		if t.tp == nil {
			return
		}
		ctx, cancel := context.WithTimeout(ctx, t.cfg.ShutdownTimeout)
		defer cancel()
		// side by side, so that a stuck span exporter leaves the metrics
		// their share of the time
		var wg sync.WaitGroup
		var terr error
		wg.Go(func() { terr = t.tp.Shutdown(ctx) })
		merr := t.mp.Shutdown(ctx)
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
