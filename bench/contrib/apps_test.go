package contrib_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/eggtest"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// telemetry takes the app's otel Telemetry when it has one.
type telemetry struct {
	fx.In
	T *otel.Telemetry `optional:"true"`
}

// TestApps: every variant answers /hello right, and each contrib does its
// part: the metrics count the request under its route pattern, the traces
// hold its span (sampled) or none (unsampled).
func TestApps(t *testing.T) {
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			spans := tracetest.NewInMemoryExporter()
			var tel *otel.Telemetry
			app := start(t, append(v.opts(spans), fx.Invoke(func(p telemetry) { tel = p.T }))...)
			for range 3 {
				w := httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/hello", nil))
				if w.Code != http.StatusOK || w.Body.String() != "Hello World" {
					t.Fatalf("GET /hello: %d %q", w.Code, w.Body.String())
				}
			}
			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			metrics := strings.Contains(v.name, "prometheus")
			counted := strings.Contains(w.Body.String(), `http_server_requests_total{method="GET",pattern="/hello",route="",status="2xx"} 3`)
			if counted != metrics {
				t.Errorf("/metrics counts the requests: %v, want %v (status %d)", counted, metrics, w.Code)
			}
			if tel != nil {
				if err := tel.ForceFlush(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			want := 0
			if strings.Contains(v.name, "otel") && !strings.Contains(v.name, "unsampled") {
				want = 3
			}
			n := 0
			for _, s := range spans.GetSpans() {
				if s.Name == "GET /hello" {
					n++
				}
			}
			if n != want {
				t.Errorf("%d spans GET /hello, want %d", n, want)
			}
		})
	}
}
