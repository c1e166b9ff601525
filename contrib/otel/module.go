package otel

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"slices"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix
// (OTEL_) of the config's environment variables, which are the
// OpenTelemetry specification's.
const Name = "otel"

// Module is the otel module. It declares Config and provides
// *otel.Telemetry, the app's own tracer and meter providers (never the
// global ones unless Config.Global), exporting from DidLoad on, flushed
// and shut down in BeforeClose. It registers the "otel" middleware first in
// egg.HTTPConfig.CoreMiddleware, so its request span covers every other
// middleware; wraps the app's httpclient (when the httpclient module is
// present) so that outbound calls are child spans carrying traceparent;
// and traces schedule runs (when the schedule module is present).
//
// List it before modules.Default() so that it closes after them
// (BeforeClose runs in reverse order) and flushes the spans of schedule
// runs that end while the app stops:
//
//	egg.Run(otel.Module, modules.Default(), app.Module)
//
// Egg's options apply to the middleware, e.g. to leave health checks
// untraced:
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			otel.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/healthz")}},
//		}
//	})
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	fx.Provide(newForApp),
	egg.Middleware(Name, func(t *Telemetry) func(http.Handler) http.Handler { return t.Middleware }),
	egg.Configure(putFirst),
	egg.Boot(func(t *Telemetry) *boot { return &boot{t: t} }),
	egg.Scoped[handle](func(t *Telemetry) func(*egg.Ctx) handle {
		h := handle{t}
		return func(*egg.Ctx) handle { return h }
	}),
	schedule.OnRun(func(t *Telemetry) func(schedule.RunEvent) { return t.ObserveRun }),
	fx.Invoke(traceClient),
	// c.Logger() lines carry trace_id and span_id when a span is active.
	fx.Invoke(func(app *egg.App) {
		app.OnCtxLogger(func(c *egg.Ctx, attrs []slog.Attr) []slog.Attr {
			if sc := spanContextOf(c); sc.IsValid() {
				attrs = append(attrs, slog.String(LogTraceID, sc.TraceID().String()), slog.String(LogSpanID, sc.SpanID().String()))
			}
			return attrs
		})
	}),
)

// putFirst puts the middleware first in the core list, unless a module
// before this one already placed it.
func putFirst(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		c.CoreMiddleware = append([]string{Name}, c.CoreMiddleware...)
	}
}

// newForApp prepares the app's Telemetry: service.name from the app's
// name, deployment.environment.name from its env. Exporting starts when
// the app starts (boot.DidLoad).
func newForApp(cfg Config, app *egg.App) (*Telemetry, error) {
	return prepare(cfg, Service{Name: app.Name(), Env: app.Env()}, os.Stdout)
}

type clientParams struct {
	fx.In
	Telemetry *Telemetry
	Client    *httpclient.Client `optional:"true"`
}

// traceClient wraps the app's httpclient, if it has one, in Transport:
// above its own layers, so a call is one client span however many times
// httpclient retries it, and the traceparent it sends names that span.
// (Decorating httpclient.Network instead would clash with
// httpclienttest's interceptor, which decorates it too.)
func traceClient(p clientParams) {
	if p.Client != nil {
		p.Client.Client.Transport = p.Telemetry.Transport(p.Client.Client.Transport)
	}
}

// handle lets Logger find the app's Telemetry from a Ctx (for the span of
// a schedule run), through egg's request scope.
type handle struct{ t *Telemetry }

// telemetryOf returns the Telemetry of c's app, or nil when the app does
// not include Module (egg.Use panics for a type nobody registered).
func telemetryOf(c *egg.Ctx) (t *Telemetry) {
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	return egg.Use[handle](c).t
}

// boot builds the providers when the app starts and shuts them down when
// it stops.
type boot struct{ t *Telemetry }

// DidLoad starts exporting, so that the spans of WillReady (other modules
// connecting to their services) are kept.
func (b *boot) DidLoad(context.Context) error {
	b.t.start()
	return nil
}

// BeforeClose flushes what is left and shuts the providers down, within
// Config.ShutdownTimeout.
func (b *boot) BeforeClose(ctx context.Context) error { return b.t.Shutdown(ctx) }
