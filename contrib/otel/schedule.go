package otel

import (
	"context"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/schedule"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// internalKind is the span kind of schedule runs, made once.
var internalKind = trace.WithSpanKind(trace.SpanKindInternal)

// ObserveRun traces and times schedule runs from their events: a run is
// a root span named "schedule <name>" from its start to its end, with
// the schedule's name, the run id and the trigger, marked as an error
// when the task fails or panics; its duration is recorded as
// egg.schedule.run.duration. While the run goes, the task's outbound
// calls through the app's httpclient and Logger(c) find its span by the
// run id (the task context's request id). Skipped ticks make no span.
//
// Module registers it with schedule.OnRun; outside the module pass it to
// schedule.OnRun yourself.
func (t *Telemetry) ObserveRun(ev schedule.RunEvent) {
	if t.cfg.Disabled {
		return
	}
	switch ev.Kind {
	case schedule.RunStarted:
		_, span := t.tracer.Start(context.Background(), "schedule "+ev.Schedule, internalKind, trace.WithTimestamp(ev.Start),
			trace.WithAttributes(AttrSchedule.String(ev.Schedule), AttrRequestID.String(ev.RunID),
				AttrTrigger.String(string(ev.Trigger))))
		t.runs.Store(ev.RunID, span)
	case schedule.RunEnded:
		v, ok := t.runs.LoadAndDelete(ev.RunID)
		attrs := []attribute.KeyValue{AttrSchedule.String(ev.Schedule)}
		if ev.Err != nil {
			attrs = append(attrs, semconv.ErrorTypeKey.String(runErrorType(ev.Err)))
		}
		if ok {
			span := v.(trace.Span)
			if ev.Err != nil {
				span.RecordError(ev.Err)
				span.SetStatus(codes.Error, clean(ev.Err.Error()))
			}
			span.End(trace.WithTimestamp(ev.Start.Add(ev.Duration)))
		}
		t.inst.schedule.Record(context.Background(), ev.Duration.Seconds(), metric.WithAttributes(attrs...))
	}
}

// runSpan returns the span of the schedule run c is the context of, or
// nil (c is nil, not a run's context, or the run has ended).
func (t *Telemetry) runSpan(c *egg.Ctx) trace.Span {
	if c == nil {
		return nil
	}
	if v, ok := t.runs.Load(c.RequestID()); ok {
		return v.(trace.Span)
	}
	return nil
}

// runErrorType is error.type of a failed run: "panic" or "error".
func runErrorType(err error) string {
	if _, ok := err.(*egg.PanicError); ok {
		return "panic"
	}
	return "error"
}
