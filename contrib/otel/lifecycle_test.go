package otel_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/httpclient"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
)

// orders is a service made at build time that keeps the tracer and a
// meter instrument it was given: they must work once the app runs.
type orders struct {
	tracer trace.Tracer
	placed metric.Int64Counter
}

func newOrders(tel *otel.Telemetry) (*orders, error) {
	placed, err := tel.MeterProvider().Meter("shop").Int64Counter("shop.orders.placed")
	return &orders{tracer: tel.Tracer(), placed: placed}, err
}

func TestProvidersTakenAtBuildTimeWork(t *testing.T) {
	tt, srv := startApp(t, egg.Module("shop",
		fx.Provide(newOrders),
		egg.Routes(func(r *egg.Router, o *orders) {
			r.Post("/orders", func(c *egg.Ctx) error {
				_, span := o.tracer.Start(c, "place order")
				o.placed.Add(c, 1)
				span.End()
				return c.NoContent(http.StatusCreated)
			})
		})))
	res, err := http.Post(srv.URL+"/orders", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	server := tt.one("POST /orders")
	own := tt.one("place order")
	if own.Parent.SpanID() != server.SpanContext.SpanID() {
		t.Errorf("the app's span is not the request span's child")
	}
	var rm = tt.collect()
	if !strings.Contains(rm, "shop.orders.placed") {
		t.Errorf("the counter made at build time recorded nothing: %s", rm)
	}
}

func TestNothingRunsUntilTheAppStarts(t *testing.T) {
	eggtest.VerifyNone(t)
	col := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", col.URL)
	// the app is built (the module's constructor runs: the client is
	// wrapped) and then fails on a route: nothing was started, so nothing
	// may be left running
	_, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), otel.Module, httpclient.Module,
		egg.Routes(func(r *egg.Router, _ *httpclient.Client) { r.Get("/a/{", func(c *egg.Ctx) error { return nil }) }))
	if err == nil {
		t.Fatal("a bad route pattern built")
	}
	if paths, _, _ := col.got(); len(paths) != 0 {
		t.Errorf("an app that never started exported %v", paths)
	}
}

func TestMetricsExportedEveryInterval(t *testing.T) {
	col := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", col.URL)
	t.Setenv("OTEL_TRACES_EXPORTER", "none")
	t.Setenv("OTEL_METRIC_EXPORT_INTERVAL", "20")
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), otel.Module, users)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	app.ServeHTTP(discard{}, mustRequest(t, "GET", "/api/users/1"))
	waitFor(t, "a metrics export while the app runs", func() bool {
		_, _, metrics := col.got()
		return contains(metrics, otel.MetricServerDuration)
	})
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

func mustRequest(t *testing.T, method, target string) *http.Request {
	r, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.RemoteAddr = "192.0.2.1:1234"
	return r
}
