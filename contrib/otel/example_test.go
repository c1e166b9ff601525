package otel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/fx"
)

// The module traces every request, naming the span after the route
// pattern. In production leave the exporter to the environment
// (OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318); here the spans
// go to an in-memory exporter.
func Example() {
	spans := tracetest.NewInMemoryExporter()
	var tel *otel.Telemetry
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		otel.Module,
		egg.Configure(func(c *otel.Config) {
			c.SpanExporter = spans
			c.MetricsExporter = otel.ExporterNone
		}),
		egg.Routes(func(r *egg.Router) {
			r.Get("/api/users/:id", func(c *egg.Ctx) error { return c.Text(200, "user "+c.Param("id")) })
		}),
		fx.Populate(&tel),
	)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	for _, path := range []string{"/api/users/1", "/api/users/2"} {
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	_ = tel.ForceFlush(context.Background())
	for _, s := range spans.GetSpans() {
		fmt.Println(s.Name)
	}
	// Output:
	// GET /api/users/{id}
	// GET /api/users/{id}
}

// Logger is the ctx logger with the trace and span ids of the request.
func ExampleLogger() {
	var buf bytes.Buffer
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		egg.WithLogHandler(slog.NewJSONHandler(&buf, nil)),
		otel.Module,
		egg.Configure(func(c *otel.Config) { c.TracesExporter, c.MetricsExporter = otel.ExporterNone, otel.ExporterNone }),
		egg.Routes(func(r *egg.Router) {
			r.Post("/orders", func(c *egg.Ctx) error {
				otel.Logger(c).Info("order placed", "order", 42)
				return c.NoContent(http.StatusCreated)
			})
		}),
	)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	req := httptest.NewRequest("POST", "/orders", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	app.ServeHTTP(httptest.NewRecorder(), req)

	for dec := json.NewDecoder(&buf); dec.More(); {
		var line map[string]any
		if dec.Decode(&line) == nil && line["msg"] == "order placed" {
			fmt.Println(line["msg"], line["trace_id"], len(line["span_id"].(string)))
		}
	}
	// Output: order placed 4bf92f3577b34da6a3ce929d0e0e4736 16
}

// Without an egg app, New builds the providers and Transport traces an
// http.Client: each call is a client span whose traceparent goes out with
// the request.
func ExampleTelemetry_Transport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, len(r.Header.Get("Traceparent")))
	}))
	defer srv.Close()

	cfg := otel.DefaultConfig()
	cfg.TracesExporter, cfg.MetricsExporter = otel.ExporterNone, otel.ExporterNone
	tel, err := otel.New(cfg, otel.Service{Name: "billing", Env: "prod"})
	if err != nil {
		panic(err)
	}
	defer tel.Shutdown(context.Background())

	client := &http.Client{Transport: tel.Transport(http.DefaultTransport)}
	ctx, span := tel.Tracer().Start(context.Background(), "charge")
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	res, err := client.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	span.End()
	client.CloseIdleConnections()
	fmt.Println("traceparent bytes:", string(body))
	// Output: traceparent bytes: 55
}
