package otel

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-chi/chi/v5"
)

// TestStdoutExporters runs the middleware in a plain chi router (no egg)
// with both exporters on stdout: the span is named after chi's pattern,
// carries the status the writer saw, and is written as JSON at shutdown.
func TestStdoutExporters(t *testing.T) {
	cfg := DefaultConfig()
	cfg.TracesExporter, cfg.MetricsExporter = "console", ExporterStdout
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	out := &lockedBuffer{}
	tel, err := prepare(cfg, Service{Name: "plain", Env: "test"}, out)
	if err != nil {
		t.Fatal(err)
	}
	tel.start()
	r := chi.NewRouter()
	r.Use(tel.Middleware)
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/items/3", nil))
	if rec.Code != http.StatusGone {
		t.Fatalf("status %d", rec.Code)
	}
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	// one JSON document per span and per metrics export, in any order
	dec := json.NewDecoder(strings.NewReader(out.String()))
	var span struct {
		Name       string
		Attributes []struct {
			Key   string
			Value struct{ Value any }
		}
	}
	for span.Name == "" {
		if err := dec.Decode(&span); err != nil {
			t.Fatalf("stdout has no span JSON: %v\n%s", err, out.String())
		}
	}
	if span.Name != "GET /items/{id}" {
		t.Errorf("span name %q", span.Name)
	}
	var status any
	for _, a := range span.Attributes {
		if a.Key == "http.response.status_code" {
			status = a.Value.Value
		}
	}
	if status != float64(http.StatusGone) {
		t.Errorf("status attribute %v, want 410", status)
	}
	if !strings.Contains(out.String(), MetricServerDuration) {
		t.Errorf("stdout has no metrics export:\n%s", out.String())
	}
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Errorf("a second Shutdown: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer the two exporters may write to at once
// (os.Stdout is safe for that; a bytes.Buffer is not).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
