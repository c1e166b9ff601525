// Package otelqueue traces contrib/queue's jobs with contrib/otel: a
// producer span per insert, whose trace context travels in the job's
// metadata, and a consumer span per attempt, child of the insert's, in
// the job's context, so that the job's outbound calls, queries and log
// lines join the trace of the request that enqueued it. Add its Module
// beside the two it bridges:
//
//	egg.Run(otel.Module, modules.Default(), queue.Module, otelqueue.Module, app.Module)
//
// It is a Go module of its own so that River stays out of the module
// graph of apps that use contrib/otel without contrib/queue.
package otelqueue

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Module is module "otelqueue": River middleware (queue.RiverMiddleware)
// made from the app's *otel.Telemetry. With otel's Config.Disabled it
// adds nothing.
var Module = egg.Module("otelqueue",
	queue.RiverMiddleware(func(t *otel.Telemetry, cfg otel.Config) rivertype.Middleware {
		if cfg.Disabled {
			return &river.MiddlewareDefaults{} // neither insert nor worker middleware: River never calls it
		}
		return New(t)
	}),
)

// Scope is the instrumentation scope of the spans and the metric.
const Scope = "github.com/egg-go/egg/contrib/otel/otelqueue"

// MetadataKey is the key of the job metadata that carries the trace
// context of the insert ({"otel": {"traceparent": "00-…"}}).
const MetadataKey = "otel"

// MetricJobDuration is the histogram of attempt durations, in seconds.
const MetricJobDuration = "egg.queue.job.duration"

// Attribute keys beside the semantic conventions' messaging ones.
const (
	// AttrKind is the job kind.
	AttrKind = attribute.Key("egg.queue.kind")
	// AttrAttempt is the attempt number, from 1.
	AttrAttempt = attribute.Key("egg.queue.attempt")
	// AttrOutcome is what the attempt made of the job (queue.Outcome).
	AttrOutcome = attribute.Key("egg.queue.outcome")
	// AttrDuplicate marks an insert River skipped as a duplicate of a
	// unique job.
	AttrDuplicate = attribute.Key("egg.queue.duplicate")
)

// jobBuckets are the duration histogram's bounds, in seconds: jobs run
// from milliseconds to an hour.
var jobBuckets = []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300, 900, 3600}

var (
	producer    = trace.WithSpanKind(trace.SpanKindProducer)
	consumer    = trace.WithSpanKind(trace.SpanKindConsumer)
	systemRiver = semconv.MessagingSystemKey.String("river")
)

// Middleware is River middleware that traces inserts and attempts: a
// rivertype.JobInsertMiddleware and a rivertype.WorkerMiddleware. The
// module adds it to the queue; outside the module pass New(t) to
// queue.RiverMiddleware, or to river.Config.Middleware of a River client
// of your own.
//
// An insert is a producer span "insert <kind>" under the caller's span
// (the request's, given the *egg.Ctx), with messaging.system "river",
// the queue as messaging.destination.name and the job id as
// messaging.message.id; its trace context (W3C traceparent, through the
// app's propagator) goes into each job's metadata under MetadataKey.
//
// An attempt is a consumer span "work <kind>", child of the insert's span
// (a root span for a job inserted without one), with the attempt and its
// outcome (egg.queue.outcome: completed, retryable, discarded, cancelled,
// snoozed); a failed attempt (retryable, discarded) is an error. The span
// is in the attempt's context, which the job's *egg.Ctx carries: calls
// through the app's httpclient, GORM queries (otelgorm) and c.Logger()
// lines join it. Each attempt's duration is recorded as
// egg.queue.job.duration by kind, queue and outcome.
type Middleware struct {
	river.MiddlewareDefaults
	tracer   trace.Tracer
	prop     propagation.TextMapPropagator
	duration metric.Float64Histogram
}

var (
	_ rivertype.JobInsertMiddleware = (*Middleware)(nil)
	_ rivertype.WorkerMiddleware    = (*Middleware)(nil)
)

// New makes the middleware from the app's telemetry: its tracer and meter
// providers and its propagator.
func New(t *otel.Telemetry) *Middleware {
	// The SDK's instrument constructors only fail on an invalid name or
	// unit, which these are not; on error they return a no-op instrument.
	d, _ := t.MeterProvider().Meter(Scope).Float64Histogram(MetricJobDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of egg queue job attempts."), metric.WithExplicitBucketBoundaries(jobBuckets...))
	return &Middleware{tracer: t.TracerProvider().Tracer(Scope), prop: t.Propagator(), duration: d}
}

// InsertMany implements rivertype.JobInsertMiddleware: one span per insert
// call (a batch is one span), its trace context written into the jobs'
// metadata.
func (m *Middleware) InsertMany(ctx context.Context, params []*rivertype.JobInsertParams,
	next func(context.Context) ([]*rivertype.JobInsertResult, error)) ([]*rivertype.JobInsertResult, error) {
	if len(params) == 0 {
		return next(ctx)
	}
	kind, q := params[0].Kind, params[0].Queue
	for _, p := range params[1:] {
		if p.Kind != kind {
			kind = ""
		}
		if p.Queue != q {
			q = ""
		}
	}
	name := "insert"
	attrs := make([]attribute.KeyValue, 0, 6)
	attrs = append(attrs, systemRiver, semconv.MessagingOperationTypeSend, semconv.MessagingOperationNameKey.String("insert"))
	if kind != "" {
		name += " " + kind
		attrs = append(attrs, AttrKind.String(clean(kind)))
	}
	if q != "" {
		attrs = append(attrs, semconv.MessagingDestinationNameKey.String(clean(q)))
	}
	if len(params) > 1 {
		attrs = append(attrs, semconv.MessagingBatchMessageCountKey.Int(len(params)))
	}
	ctx, span := m.tracer.Start(ctx, clean(name), producer, trace.WithAttributes(attrs...))
	defer span.End()
	carrier := propagation.MapCarrier{}
	m.prop.Inject(ctx, carrier)
	if len(carrier) > 0 {
		for _, p := range params {
			p.Metadata = withCarrier(p.Metadata, carrier)
		}
	}
	res, err := next(ctx)
	switch {
	case err != nil:
		span.RecordError(err)
		span.SetStatus(codes.Error, clean(err.Error()))
	case len(res) == 1 && res[0] != nil && res[0].Job != nil:
		span.SetAttributes(semconv.MessagingMessageIDKey.String(itoa(res[0].Job.ID)))
		if res[0].UniqueSkippedAsDuplicate {
			span.SetAttributes(AttrDuplicate.Bool(true))
		}
	}
	return res, err
}

// Work implements rivertype.WorkerMiddleware: the attempt runs under its
// span, continuing the trace in the job's metadata.
func (m *Middleware) Work(ctx context.Context, job *rivertype.JobRow, next func(context.Context) error) error {
	if c := carrierOf(job.Metadata); len(c) > 0 {
		ctx = m.prop.Extract(ctx, c)
	}
	start := time.Now()
	kind, q := clean(job.Kind), clean(job.Queue)
	ctx, span := m.tracer.Start(ctx, "work "+kind, consumer, trace.WithTimestamp(start), trace.WithAttributes(
		systemRiver, semconv.MessagingOperationTypeProcess, semconv.MessagingOperationNameKey.String("work"),
		semconv.MessagingDestinationNameKey.String(q), semconv.MessagingMessageIDKey.String(itoa(job.ID)),
		AttrKind.String(kind), AttrAttempt.Int(job.Attempt)))
	err := next(ctx)
	outcome := queue.OutcomeOf(ctx, job, err)
	span.SetAttributes(AttrOutcome.String(string(outcome)))
	switch outcome {
	case queue.OutcomeRetryable, queue.OutcomeDiscarded:
		span.RecordError(err)
		span.SetStatus(codes.Error, clean(err.Error()))
		span.SetAttributes(semconv.ErrorTypeKey.String(errorType(err)))
	case queue.OutcomeCancelled:
		span.RecordError(err) // the reason, without marking the span failed: cancelling is the worker's choice
	}
	d := time.Since(start)
	span.End(trace.WithTimestamp(start.Add(d)))
	m.duration.Record(context.WithoutCancel(ctx), d.Seconds(), metric.WithAttributes(AttrKind.String(kind),
		semconv.MessagingDestinationNameKey.String(q), AttrOutcome.String(string(outcome))))
	return err
}

// withCarrier returns metadata (a JSON object, or empty) with the carrier
// under MetadataKey. Metadata that is not an object is left as it is
// (River refuses it anyway).
func withCarrier(metadata []byte, carrier propagation.MapCarrier) []byte {
	obj := map[string]json.RawMessage{}
	if len(metadata) > 0 {
		if err := json.Unmarshal(metadata, &obj); err != nil || obj == nil {
			return metadata
		}
	}
	tc, err := json.Marshal(map[string]string(carrier))
	if err != nil {
		return metadata
	}
	obj[MetadataKey] = tc
	out, err := json.Marshal(obj)
	if err != nil {
		return metadata
	}
	return out
}

// carrierOf reads the carrier under MetadataKey; nil when there is none
// or it does not parse (the attempt then starts a trace of its own).
func carrierOf(metadata []byte) propagation.MapCarrier {
	if !bytes.Contains(metadata, []byte(`"`+MetadataKey+`"`)) {
		return nil
	}
	var md struct {
		Otel map[string]string `json:"otel"`
	}
	if err := json.Unmarshal(metadata, &md); err != nil {
		return nil
	}
	return md.Otel
}

// errorType is error.type of a failed attempt: "panic", "timeout" (the
// job's timeout) or "error".
func errorType(err error) string {
	var pe *egg.PanicError
	switch {
	case errors.As(err, &pe):
		return "panic"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "error"
}

// clean makes a string fit for an attribute: clipped (egg.Clip) and valid
// UTF-8, which OTLP requires of every string.
func clean(s string) string { return strings.ToValidUTF8(egg.Clip(s), "\uFFFD") }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
