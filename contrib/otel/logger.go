package otel

import (
	"log/slog"

	"github.com/egg-go/egg"
	"go.opentelemetry.io/otel/trace"
)

// Log attribute keys of the trace ids, as OpenTelemetry's log data model
// and most log backends name them.
const (
	LogTraceID = "trace_id"
	LogSpanID  = "span_id"
)

// loggerKey keys the cached trace logger in the Ctx.
type loggerKey struct{}

// cachedLogger is Logger's per-request cache: the logger and the span it
// names.
type cachedLogger struct {
	span trace.SpanID
	l    *slog.Logger
}

// Logger returns the ctx logger (c.Logger()) with trace_id and span_id
// on every line when a span is active: the request's span under the
// middleware, the run's span in a schedule task. Without one it is
// c.Logger() itself. It is built once per request and span.
//
//	otel.Logger(c).Info("order placed", "order", id)
//	// ... req.id=... trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7
//
// c.Logger() carries the ids as well (the module adds them through
// App.OnCtxLogger when the request's logger is built); Logger is for a
// span started inside the handler, whose ids c.Logger() cannot know.
func Logger(c *egg.Ctx) *slog.Logger {
	sc := spanContextOf(c)
	if !sc.IsValid() {
		return c.Logger()
	}
	if v, ok := c.Get(loggerKey{}); ok {
		if cl := v.(*cachedLogger); cl.span == sc.SpanID() {
			return cl.l
		}
	}
	l := c.Logger().With(TraceAttrs(sc)...)
	c.Set(loggerKey{}, &cachedLogger{span: sc.SpanID(), l: l})
	return l
}

// TraceAttrs returns trace_id and span_id of sc as log attributes (for
// slog's ...any arguments), or nil when sc is not valid.
func TraceAttrs(sc trace.SpanContext) []any {
	if !sc.IsValid() {
		return nil
	}
	return []any{slog.String(LogTraceID, sc.TraceID().String()), slog.String(LogSpanID, sc.SpanID().String())}
}

// spanContextOf is the span context active in c: the span in its
// context, else the schedule run's span of a run's context.
func spanContextOf(c *egg.Ctx) trace.SpanContext {
	if sc := trace.SpanContextFromContext(c); sc.IsValid() {
		return sc
	}
	if t := telemetryOf(c); t != nil {
		if span := t.runSpan(c); span != nil {
			return span.SpanContext()
		}
	}
	return trace.SpanContext{}
}
