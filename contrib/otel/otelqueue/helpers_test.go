package otelqueue_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/otel/otelqueue"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuetest"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/fx"
)

// app is a started test app: its telemetry's in-memory exporter and
// manual reader, its queue client, its log lines, and its server.
type app struct {
	t      *testing.T
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tel    *otel.Telemetry
	queue  *queue.Client
	logs   *lines
	srv    *httptest.Server
}

// startApp starts an app with otel (in-memory), queue, otelqueue and
// opts, served on a real socket; both stop at cleanup.
func startApp(t *testing.T, opts ...fx.Option) *app {
	t.Helper()
	a := &app{t: t, spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader(), logs: &lines{}}
	all := append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), egg.WithLogHandler(a.logs),
		otel.Module, queue.Module, otelqueue.Module,
		egg.Configure(func(c *otel.Config) { c.SpanExporter, c.MetricReader = a.spans, a.reader }),
		fx.Populate(&a.tel, &a.queue)}, opts...)
	eggApp, err := egg.New(all...)
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	if err := eggApp.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	a.srv = httptest.NewServer(eggApp)
	t.Cleanup(func() {
		a.srv.Close()
		if err := eggApp.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return a
}

// flushed returns the spans ended so far.
func (a *app) flushed() tracetest.SpanStubs {
	a.t.Helper()
	if err := a.tel.ForceFlush(context.Background()); err != nil {
		a.t.Fatalf("ForceFlush: %v", err)
	}
	return a.spans.GetSpans()
}

// named returns the flushed spans with this name, oldest first.
func (a *app) named(name string) tracetest.SpanStubs {
	a.t.Helper()
	var out tracetest.SpanStubs
	for _, s := range a.flushed() {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// waitSpans waits until n spans with this name have ended and returns
// them.
func (a *app) waitSpans(name string, n int) tracetest.SpanStubs {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := a.named(name)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			var all []string
			for _, s := range a.spans.GetSpans() {
				all = append(all, s.Name)
			}
			a.t.Fatalf("want %d spans %q, got %d; all: %v", n, name, len(got), all)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// histogram returns the data points of a float64 histogram.
func (a *app) histogram(name string) []metricdata.HistogramDataPoint[float64] {
	a.t.Helper()
	var rm metricdata.ResourceMetrics
	if err := a.reader.Collect(context.Background(), &rm); err != nil {
		a.t.Fatalf("Collect: %v", err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m.Data.(metricdata.Histogram[float64]).DataPoints
			}
		}
	}
	return nil
}

// wantAttr fails unless the span has key with value want (compared as
// strings).
func wantAttr(t *testing.T, s tracetest.SpanStub, key attribute.Key, want string) {
	t.Helper()
	for _, kv := range s.Attributes {
		if kv.Key == key {
			if got := kv.Value.Emit(); got != want {
				t.Errorf("span %q: %s = %q, want %q", s.Name, key, got, want)
			}
			return
		}
	}
	t.Errorf("span %q has no %s; attributes: %v", s.Name, key, s.Attributes)
}

// lines is a slog.Handler keeping each record's message and attributes
// (the logger's included) as strings.
type lines struct {
	mu   sync.Mutex
	list []map[string]string
}

func (l *lines) Enabled(context.Context, slog.Level) bool { return true }

func (l *lines) Handle(ctx context.Context, r slog.Record) error {
	return (&linesWith{l: l}).Handle(ctx, r)
}

func (l *lines) WithAttrs(as []slog.Attr) slog.Handler { return (&linesWith{l: l}).WithAttrs(as) }
func (l *lines) WithGroup(string) slog.Handler         { return l }

// find returns the records whose message is msg.
func (l *lines) find(msg string) []map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]string
	for _, m := range l.list {
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

type linesWith struct {
	l     *lines
	attrs []slog.Attr
}

func (h *linesWith) Enabled(context.Context, slog.Level) bool { return true }

func (h *linesWith) Handle(_ context.Context, r slog.Record) error {
	m := map[string]string{"msg": r.Message}
	for _, a := range h.attrs {
		m[a.Key] = a.Value.String()
	}
	r.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
	h.l.mu.Lock()
	h.l.list = append(h.l.list, m)
	h.l.mu.Unlock()
	return nil
}

func (h *linesWith) WithAttrs(as []slog.Attr) slog.Handler {
	return &linesWith{l: h.l, attrs: append(append([]slog.Attr(nil), h.attrs...), as...)}
}

func (h *linesWith) WithGroup(string) slog.Handler { return h }

// pgQueue configures the queue on PostgreSQL (DATABASE_URL or the local
// server) in a fresh schema, dropped at cleanup. Without a server the
// test is skipped, except in CI.
func pgQueue(t *testing.T) fx.Option {
	u := queuetest.PostgresURL(t)
	schema := queuetest.Schema(t, u, "otelqueue_test")
	return egg.Configure(func(c *queue.Config) {
		c.Driver, c.URL, c.Schema = queue.DriverPostgres, u, schema
		c.FetchPollInterval = 50 * time.Millisecond
	})
}
