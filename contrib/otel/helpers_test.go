package otel_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/fx"
)

// users is a small API: /api/users/{id}, an error, a panic.
var users = egg.Module("users", egg.Routes(func(r *egg.Router) {
	r.Get("/api/users/:id", func(c *egg.Ctx) error {
		otel.Logger(c).Info("loading user", "id", c.Param("id"))
		return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
	})
	r.Post("/api/users", func(c *egg.Ctx) error { return c.Text(http.StatusCreated, "created") })
	r.Get("/api/plain-log", func(c *egg.Ctx) error {
		c.Logger().Info("plain ctx logger") // not otel.Logger: the kernel hook adds the ids
		return c.NoContent(http.StatusNoContent)
	})
	r.Get("/api/broken", func(c *egg.Ctx) error { return errors.New("database is down") })
	r.Get("/api/teapot", func(c *egg.Ctx) error { return egg.NewError(http.StatusTeapot, "teapot", "short and stout") })
	r.Get("/api/panic", func(c *egg.Ctx) error { panic("boom") })
}))

// telemetry is one app's test telemetry: the in-memory exporter and the
// manual reader the app's Config points at, and the app's Telemetry.
type telemetry struct {
	t      *testing.T
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tel    *otel.Telemetry
	logs   *records
}

// testConfig points the module at in-memory exporters, and sends nothing
// anywhere else.
func (tt *telemetry) testConfig() fx.Option {
	return egg.Configure(func(c *otel.Config) {
		c.SpanExporter = tt.spans
		c.MetricReader = tt.reader
	})
}

// flushed returns the spans ended so far.
func (tt *telemetry) flushed() tracetest.SpanStubs {
	tt.t.Helper()
	if err := tt.tel.ForceFlush(context.Background()); err != nil {
		tt.t.Fatalf("ForceFlush: %v", err)
	}
	return tt.spans.GetSpans()
}

// named returns the flushed spans with this name.
func (tt *telemetry) named(name string) tracetest.SpanStubs {
	tt.t.Helper()
	var out tracetest.SpanStubs
	for _, s := range tt.flushed() {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// one returns the one flushed span with this name, failing otherwise.
func (tt *telemetry) one(name string) tracetest.SpanStub {
	tt.t.Helper()
	got := tt.named(name)
	if len(got) != 1 {
		tt.t.Fatalf("want one span %q, got %d; all spans: %v", name, len(got), spanNames(tt.spans.GetSpans()))
	}
	return got[0]
}

// histogram returns the data points of a histogram metric.
func (tt *telemetry) histogram(name string) []metricdata.HistogramDataPoint[float64] {
	tt.t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tt.reader.Collect(context.Background(), &rm); err != nil {
		tt.t.Fatalf("Collect: %v", err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				h, ok := m.Data.(metricdata.Histogram[float64])
				if !ok {
					tt.t.Fatalf("metric %s is %T, not a float64 histogram", name, m.Data)
				}
				return h.DataPoints
			}
		}
	}
	return nil
}

// collect reads the metrics and returns their names and attributes as
// text, for a quick look.
func (tt *telemetry) collect() string {
	tt.t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tt.reader.Collect(context.Background(), &rm); err != nil {
		tt.t.Fatalf("Collect: %v", err)
	}
	var b strings.Builder
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			fmt.Fprintf(&b, "%s %v\n", m.Name, m.Data)
		}
	}
	return b.String()
}

// startApp builds and starts an egg app with the otel module, the test
// API and opts, serves it on a real socket, and stops both at cleanup.
func startApp(t *testing.T, opts ...fx.Option) (*telemetry, *httptest.Server) {
	t.Helper()
	tt := &telemetry{t: t, spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader(), logs: &records{}}
	all := append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), egg.WithLogHandler(tt.logs), otel.Module, users, tt.testConfig(),
		fx.Populate(&tt.tel)}, opts...)
	app, err := egg.New(all...)
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		srv.Close()
		if err := app.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return tt, srv
}

// get sends a GET with optional headers (name, value pairs) and returns
// the response with its body read; empty header values are not sent.
func get(t *testing.T, url string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	_ = res.Body.Close()
	return res
}

// attr returns a span's attribute value by key.
func attr(s tracetest.SpanStub, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// wantAttr fails unless the span has key with value want (compared as
// strings, so ints work too).
func wantAttr(t *testing.T, s tracetest.SpanStub, key attribute.Key, want string) {
	t.Helper()
	v, ok := attr(s, key)
	if !ok {
		t.Errorf("span %q has no %s; attributes: %v", s.Name, key, s.Attributes)
		return
	}
	if got := v.Emit(); got != want {
		t.Errorf("span %q: %s = %q, want %q", s.Name, key, got, want)
	}
}

func spanNames(spans tracetest.SpanStubs) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return out
}

// records is a slog.Handler keeping every record with its attributes
// (those of the logger included) flattened to "group.key" → value.
type records struct {
	mu   sync.Mutex
	list []map[string]string
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }

func (r *records) Handle(_ context.Context, rec slog.Record) error {
	return (&recordsWith{r: r}).Handle(context.Background(), rec)
}

func (r *records) WithAttrs(attrs []slog.Attr) slog.Handler {
	return (&recordsWith{r: r}).WithAttrs(attrs)
}

func (r *records) WithGroup(name string) slog.Handler { return (&recordsWith{r: r}).WithGroup(name) }

// find returns the records whose message is msg.
func (r *records) find(msg string) []map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]string
	for _, m := range r.list {
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// recordsWith is records under a logger's attributes and group.
type recordsWith struct {
	r     *records
	attrs []slog.Attr
	group string
}

func (h *recordsWith) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordsWith) Handle(_ context.Context, rec slog.Record) error {
	m := map[string]string{"msg": rec.Message}
	var add func(prefix string, a slog.Attr)
	add = func(prefix string, a slog.Attr) {
		if a.Value.Kind() == slog.KindGroup {
			for _, g := range a.Value.Group() {
				add(prefix+a.Key+".", g)
			}
			return
		}
		m[prefix+a.Key] = a.Value.String()
	}
	for _, a := range h.attrs {
		add("", a)
	}
	prefix := ""
	if h.group != "" {
		prefix = h.group + "."
	}
	rec.Attrs(func(a slog.Attr) bool { add(prefix, a); return true })
	h.r.mu.Lock()
	h.r.list = append(h.r.list, m)
	h.r.mu.Unlock()
	return nil
}

func (h *recordsWith) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := *h
	n.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &n
}

func (h *recordsWith) WithGroup(name string) slog.Handler {
	n := *h
	n.group = name
	return &n
}

// waitFor polls cond for up to 5s; for conditions reached on another
// goroutine (an export, a schedule run).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var _ sdktrace.SpanExporter = (*tracetest.InMemoryExporter)(nil)

func attrKey(k string) attribute.Key { return attribute.Key(k) }
