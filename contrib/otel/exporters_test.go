package otel_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	gotel "go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	colmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"go.uber.org/fx"
	"google.golang.org/protobuf/proto"
)

// collector is a fake OTLP/HTTP collector: it decodes what it receives.
type collector struct {
	*httptest.Server
	mu      sync.Mutex
	paths   []string
	spans   []string // span names
	metrics []string // metric names
}

func newCollector(t *testing.T) *collector {
	c := &collector{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.paths = append(c.paths, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type"))
		if strings.HasSuffix(r.URL.Path, "/m") || strings.HasSuffix(r.URL.Path, "/v1/metrics") {
			var req colmetrics.ExportMetricsServiceRequest
			if err := proto.Unmarshal(body, &req); err != nil {
				t.Errorf("collector: bad metrics body: %v", err)
			}
			for _, rm := range req.ResourceMetrics {
				for _, sm := range rm.ScopeMetrics {
					for _, m := range sm.Metrics {
						c.metrics = append(c.metrics, m.Name)
					}
				}
			}
		} else {
			var req coltrace.ExportTraceServiceRequest
			if err := proto.Unmarshal(body, &req); err != nil {
				t.Errorf("collector: bad traces body: %v", err)
			}
			for _, rs := range req.ResourceSpans {
				for _, ss := range rs.ScopeSpans {
					for _, s := range ss.Spans {
						c.spans = append(c.spans, s.Name)
					}
				}
			}
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *collector) got() (paths, spans, metrics []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.paths...), append([]string(nil), c.spans...), append([]string(nil), c.metrics...)
}

// run starts an app with the otel module and the test API (exporters
// from the environment), serves two requests, the second with bytes that
// are not UTF-8 in its path and User-Agent (which OTLP cannot carry: left
// as they are, they would fail the whole batch), and stops the app: the
// spans and metrics are flushed in BeforeClose.
func run(t *testing.T, opts ...fx.Option) {
	t.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), otel.Module, users}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	get(t, srv.URL+"/api/users/1")
	get(t, srv.URL+"/api/users/%ff", "User-Agent", "\xff\xfe")
	srv.Close()
	if err := app.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

func TestOTLPExportToEndpointFromEnvironment(t *testing.T) {
	col := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", col.URL)
	run(t)
	paths, spans, metrics := col.got()
	if strings.Join(spans, ",") != "GET /api/users/{id},GET /api/users/{id}" {
		t.Errorf("collector got spans %v", spans)
	}
	if !contains(metrics, otel.MetricServerDuration) {
		t.Errorf("collector got metrics %v", metrics)
	}
	for _, want := range []string{"POST /v1/traces application/x-protobuf", "POST /v1/metrics application/x-protobuf"} {
		if !contains(paths, want) {
			t.Errorf("collector got %v, want %q", paths, want)
		}
	}
}

func TestOTLPSignalEndpointsWin(t *testing.T) {
	col := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1") // nothing listens there
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", col.URL+"/t")
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", col.URL+"/m")
	run(t)
	paths, spans, _ := col.got()
	if !contains(paths, "POST /t application/x-protobuf") || !contains(paths, "POST /m application/x-protobuf") || len(spans) != 2 {
		t.Errorf("collector got %v with spans %v", paths, spans)
	}
}

func TestExporterNoneSendsNothing(t *testing.T) {
	col := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", col.URL)
	t.Setenv("OTEL_TRACES_EXPORTER", "none")
	t.Setenv("OTEL_METRICS_EXPORTER", "none")
	run(t)
	if paths, _, _ := col.got(); len(paths) != 0 {
		t.Errorf("exporter none sent %v", paths)
	}
}

func TestResourceNamesTheApp(t *testing.T) {
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "team=payments,service.name=from-attributes,note=a%2Cb")
	tt, srv := startApp(t, egg.Name("shop"))
	get(t, srv.URL+"/api/users/1")
	res := tt.one("GET /api/users/{id}").Resource
	want := map[string]string{
		string(semconv.ServiceNameKey):               "from-attributes", // OTEL_RESOURCE_ATTRIBUTES over the app's name
		string(semconv.DeploymentEnvironmentNameKey): "unittest",
		"team":                   "payments",
		"note":                   "a,b",
		"telemetry.sdk.language": "go",
	}
	for k, v := range want {
		got, ok := res.Set().Value(attrKey(k))
		if !ok || got.Emit() != v {
			t.Errorf("resource %s = %q, want %q (resource %v)", k, got.Emit(), v, res.Attributes())
		}
	}
}

func TestServiceNameWins(t *testing.T) {
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes")
	t.Setenv("OTEL_SERVICE_NAME", "billing")
	t.Setenv("OTEL_EGG_SERVICE_VERSION", "2.0.1")
	tt, srv := startApp(t, egg.Name("shop"))
	get(t, srv.URL+"/api/users/1")
	res := tt.one("GET /api/users/{id}").Resource.Set()
	if v, _ := res.Value(semconv.ServiceNameKey); v.AsString() != "billing" {
		t.Errorf("service.name %q, want OTEL_SERVICE_NAME's billing", v.AsString())
	}
	if v, _ := res.Value(semconv.ServiceVersionKey); v.AsString() != "2.0.1" {
		t.Errorf("service.version %q", v.AsString())
	}
}

func TestAppNameByDefault(t *testing.T) {
	tt, srv := startApp(t, egg.Name("shop"))
	get(t, srv.URL+"/api/users/1")
	if v, _ := tt.one("GET /api/users/{id}").Resource.Set().Value(semconv.ServiceNameKey); v.AsString() != "shop" {
		t.Errorf("service.name %q, want the app's name", v.AsString())
	}
}

func TestDisabledDoesNothing(t *testing.T) {
	t.Setenv("OTEL_SDK_DISABLED", "true")
	tt, srv := startApp(t)
	if got := get(t, srv.URL+"/api/users/1").StatusCode; got != 200 {
		t.Fatalf("status %d", got)
	}
	if spans := tt.flushed(); len(spans) != 0 {
		t.Errorf("disabled, yet spans %v", spanNames(spans))
	}
	if _, ok := tt.tel.TracerProvider().(*sdktrace.TracerProvider); ok {
		t.Error("disabled, yet an SDK tracer provider")
	}
	if tt.tel.Transport(http.DefaultTransport) != http.DefaultTransport {
		t.Error("disabled, yet Transport wraps")
	}
	lines := tt.logs.find("loading user")
	if len(lines) != 1 || lines[0]["trace_id"] != "" {
		t.Errorf("disabled, yet log lines %v", lines)
	}
}

func TestProvidersArePerAppUnlessGlobal(t *testing.T) {
	before := gotel.GetTracerProvider()
	tt, _ := startApp(t)
	if gotel.GetTracerProvider() != before {
		t.Fatal("the app changed the global tracer provider without Config.Global")
	}
	if _, ok := tt.tel.TracerProvider().(*sdktrace.TracerProvider); !ok {
		t.Errorf("TracerProvider is %T", tt.tel.TracerProvider())
	}

	prevProp, prevMeter := gotel.GetTextMapPropagator(), gotel.GetMeterProvider()
	t.Cleanup(func() {
		gotel.SetTracerProvider(before)
		gotel.SetTextMapPropagator(prevProp)
		gotel.SetMeterProvider(prevMeter)
	})
	g, _ := startApp(t, egg.Configure(func(c *otel.Config) { c.Global = true }))
	if gotel.GetTracerProvider() != g.tel.TracerProvider() || gotel.GetMeterProvider() != g.tel.MeterProvider() {
		t.Error("Config.Global did not install the providers")
	}
	// a library using the global tracer joins the app's traces
	_, span := gotel.Tracer("some/library").Start(context.Background(), "library work")
	span.End()
	g.one("library work")
}

// stuckExporter hangs on every export until its context ends or the
// test releases it (a collector that accepts the connection and never
// answers).
type stuckExporter struct{ release chan struct{} }

func (s stuckExporter) ExportSpans(ctx context.Context, _ []sdktrace.ReadOnlySpan) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.release:
		return nil
	}
}

func (s stuckExporter) Shutdown(ctx context.Context) error { return s.ExportSpans(ctx, nil) }

func TestShutdownTimeoutBoundsTheFlush(t *testing.T) {
	stuck := stuckExporter{release: make(chan struct{})}
	defer close(stuck.release) // the batch processor's export goroutine outlives the shutdown until then
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), otel.Module, users, egg.Configure(func(c *otel.Config) {
		c.SpanExporter = stuck
		c.MetricsExporter = otel.ExporterNone
		c.ShutdownTimeout = 50 * time.Millisecond
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/users/1", nil))
	start := time.Now()
	err = app.Stop(context.Background())
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("stopping took %v with a 50ms shutdown timeout", took)
	}
	if err == nil || !strings.Contains(err.Error(), "OTEL_EGG_SHUTDOWN_TIMEOUT") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Stop = %v, want the flush timeout named", err)
	}
}

func TestStandaloneInChiRouter(t *testing.T) {
	tel, err := otel.New(noExport(), otel.Service{Name: "plain"})
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	var seen trace.SpanContext
	h := tel.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = trace.SpanContextFromContext(r.Context())
		w.WriteHeader(http.StatusAccepted)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != http.StatusAccepted || !seen.IsValid() {
		t.Errorf("status %d, span in the handler's context %v", rec.Code, seen)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
