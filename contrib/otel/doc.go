// Package otel traces and times an egg app with OpenTelemetry: a span per
// request named after the route pattern, the incoming W3C trace context
// continued, child spans for outbound httpclient calls with traceparent
// injected, a span per schedule run, trace and span ids on log lines, and
// the HTTP duration metrics of the semantic conventions. Each app gets its
// own tracer and meter providers; nothing global is touched unless asked.
//
// # Turn it on
//
// List the module first, so that it closes after the others and flushes
// what they ended:
//
//	egg.Run(otel.Module, modules.Default(), app.Module)
//
// and point the standard variables at a collector:
//
//	OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318
//	OTEL_TRACES_SAMPLER_ARG=0.1          # keep one new trace in ten
//	OTEL_RESOURCE_ATTRIBUTES=team=payments
//
// service.name is the app's name (egg.Name), deployment.environment.name
// its env, unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say
// otherwise. Spans and metrics go over OTLP/HTTP; OTEL_TRACES_EXPORTER and
// OTEL_METRICS_EXPORTER take "stdout" to print them, "none" to drop them.
// See Config for every setting.
//
// # What is traced
//
// A request: the "otel" middleware, first in egg.HTTPConfig.CoreMiddleware,
// starts a server span (continuing the caller's traceparent), names it
// "GET /api/users/{id}" once the router matched, and ends it with the
// status; a 5xx or a panic marks it as an error. A request no route matched
// is named after its method alone ("GET"), so probing random paths cannot
// create span names. Egg's middleware options apply by the name "otel"
// (Ignore health checks, Disable it).
//
// An outbound call through the app's *httpclient.Client: a client span,
// child of the request's (or the schedule run's) span, whose context goes
// out in the traceparent header, so the called service continues the trace.
// Pass the Ctx (or its context) to the call:
//
//	var u User
//	err := client.GetJSON(c, "http://users.internal/api/users/"+id, &u)
//
// A schedule run: a root span "schedule <name>" from start to end, an error
// when the task fails or panics; the task's calls and Logger lines join it.
//
// Other clients and code: Telemetry.Transport wraps any http.RoundTripper,
// Telemetry.Tracer starts the app's own spans, and TracerProvider and
// MeterProvider go to libraries that take them (database drivers, gRPC).
// Inject *otel.Telemetry to reach them:
//
//	func NewRepo(db *sql.DB, tel *otel.Telemetry) *Repo {
//		return &Repo{db: db, tracer: tel.Tracer()}
//	}
//	ctx, span := repo.tracer.Start(c, "load cart")
//	defer span.End()
//
// # Logs
//
// Logger(c) is the ctx logger with trace_id and span_id on every line, so
// a log line leads to its trace:
//
//	otel.Logger(c).Info("order placed", "order", id)
//
// c.Logger() carries them too: the module adds them through
// App.OnCtxLogger when a request's logger is built. Logger(c) is for a
// span a handler starts itself.
//
// # Metrics
//
// http.server.request.duration by method, route pattern, scheme and status
// (one series per route, not per path), http.client.request.duration by
// method, host, port and status, and egg.schedule.run.duration by schedule,
// on the app's meter provider.
//
// # Tests
//
// Point Config at the SDK's in-memory exporter and a manual reader; no
// collector is needed:
//
//	spans := tracetest.NewInMemoryExporter()
//	reader := sdkmetric.NewManualReader()
//	var tel *otel.Telemetry
//	app := eggtest.New(t, otel.Module, app.Module, fx.Populate(&tel),
//		egg.Configure(func(c *otel.Config) { c.SpanExporter, c.MetricReader = spans, reader }))
//	app.GET("/api/users/1").Do().Status(200)
//	_ = tel.ForceFlush(context.Background())
//	// spans.GetSpans()[0].Name == "GET /api/users/{id}"
//
// # Without egg
//
// New builds the providers from a Config; Middleware and Transport work in
// any net/http or chi stack (the route pattern then comes from chi).
package otel
