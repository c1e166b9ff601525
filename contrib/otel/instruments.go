package otel

import (
	"strconv"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Metric names: the semantic conventions' HTTP durations, and egg's own
// schedule run duration.
const (
	MetricServerDuration   = "http.server.request.duration"
	MetricClientDuration   = "http.client.request.duration"
	MetricScheduleDuration = "egg.schedule.run.duration"
)

// Attribute keys egg adds beside the semantic conventions'.
const (
	// AttrRequestID is the egg request id (X-Request-Id) on server spans,
	// and the run id on schedule spans.
	AttrRequestID = attribute.Key("egg.request.id")
	// AttrSchedule names the schedule of a run.
	AttrSchedule = attribute.Key("egg.schedule.name")
	// AttrTrigger says what started a schedule run: tick, ready or manual.
	AttrTrigger = attribute.Key("egg.schedule.trigger")
)

// durationBuckets are the semantic conventions' advised buckets for HTTP
// durations, in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// instruments are the metrics egg records.
type instruments struct {
	server   metric.Float64Histogram
	client   metric.Float64Histogram
	schedule metric.Float64Histogram
}

func newInstruments(m metric.Meter) instruments {
	// The SDK's instrument constructors only fail on an invalid name or
	// unit, which these are not; on error they still return a working
	// no-op instrument.
	server, _ := m.Float64Histogram(MetricServerDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of HTTP server requests."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	client, _ := m.Float64Histogram(MetricClientDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of HTTP client requests."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	sched, _ := m.Float64Histogram(MetricScheduleDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of egg schedule runs."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	return instruments{server: server, client: client, schedule: sched}
}

// serverKey is one kind of request: a label set of the server duration.
type serverKey struct {
	method, route, scheme string
	status                int
}

// serverEntry is what a kind of request needs, made once: the record
// option of its label set and its span name.
type serverEntry struct {
	opts []metric.RecordOption
	name string
}

// maxServerKinds bounds the cached kinds. Routes come from the route
// table and methods and statuses are bounded, so a real app stays far
// below; past it, entries are built per request (correct, slower).
const maxServerKinds = 4096

// serverAttrs caches the entry of each kind of request, so that naming
// the span and recording the duration cost no allocation after the first
// request of its kind.
type serverAttrs struct {
	kinds sync.Map // serverKey → *serverEntry
	n     atomic.Int64
}

func newServerAttrs() *serverAttrs { return &serverAttrs{} }

// entry returns the entry of k.
func (s *serverAttrs) entry(k serverKey) *serverEntry {
	if v, ok := s.kinds.Load(k); ok {
		return v.(*serverEntry)
	}
	attrs := make([]attribute.KeyValue, 0, 5)
	attrs = append(attrs, semconv.HTTPRequestMethodKey.String(k.method), semconv.URLSchemeKey.String(k.scheme),
		semconv.HTTPResponseStatusCodeKey.Int(k.status))
	if k.route != "" {
		attrs = append(attrs, semconv.HTTPRouteKey.String(k.route))
	}
	if k.status >= 500 {
		attrs = append(attrs, semconv.ErrorTypeKey.String(strconv.Itoa(k.status)))
	}
	e := &serverEntry{opts: []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(attrs...))}, name: spanName(k.method, k.route)}
	if s.n.Load() < maxServerKinds {
		if v, loaded := s.kinds.LoadOrStore(k, e); loaded {
			return v.(*serverEntry)
		}
		s.n.Add(1)
	}
	return e
}
