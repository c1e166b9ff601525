package nofx_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/internal/logrec"
	"github.com/egg-go/egg/_examples/embed/nofx"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func get(t *testing.T, srv *httptest.Server, method, path string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestEmbeddedWithoutFx(t *testing.T) {
	rec := logrec.New()
	svc, err := nofx.New(slog.New(rec), egg.Env("unittest"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Router)

	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/healthz", 200, "ok"},
		{"GET", "/users/count", 200, `{"count":2}`},
		{"GET", "/nope", 404, "404 page not found"},
		{"GET", "/api/users", 200, `[{"id":1,"name":"ann"},{"id":2,"name":"bob"}]`},
		{"GET", "/api/users/1", 200, `{"id":1,"name":"ann"}`},
		{"GET", "/api/users/", 200, `"name":"bob"`}, // Egg: a trailing slash is optional
		{"GET", "/api/nope", 404, "Not Found"},
		{"GET", "/api", 404, "Not Found"},
		{"PUT", "/api/users/1", 405, "Method Not Allowed"},
		{"POST", "/api/users?name=" + strings.Repeat("x", 41), 422, "Validation Failed"},
	}
	for _, tt := range tests {
		status, _, body := get(t, srv, tt.method, tt.path)
		if status != tt.status || !strings.Contains(body, tt.body) {
			t.Errorf("%s %s: %d %q; want %d and %q", tt.method, tt.path, status, body, tt.status, tt.body)
		}
	}
	status, h, _ := get(t, srv, "POST", "/api/users?name=zoe")
	if status != 201 || h.Get("Location") != "/api/users/3" {
		t.Errorf("POST: %d Location %q; want 201 /api/users/3", status, h.Get("Location"))
	}

	srv.Close()
	if err := svc.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	order := []string{"directory opened", "api loaded", "egg ready", "api closing", "egg stopped", "directory closed"}
	if !rec.InOrder(order...) {
		t.Errorf("log lines %q\nwant in order %q", rec.Messages(), order)
	}
	if l, ok := rec.Find("egg ready"); !ok || l.Attrs["logger"] != "egg" {
		t.Errorf("egg's own line did not reach the host's logger: %v %v", ok, l.Attrs)
	}
}

// egg's config and env vars still apply inside the host: API_* for the
// api module, refused at New with the field, value and fix.
func TestEggConfigFromEnv(t *testing.T) {
	t.Setenv("API_MAX_NAME_LENGTH", "0")
	_, err := nofx.New(slog.New(logrec.New()), egg.Env("unittest"))
	want := `egg: module "api" config field MaxNameLength = 0 (set by env API_MAX_NAME_LENGTH) is invalid: must be at least 1`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("New error %v\nwant it to begin with %s", err, want)
	}
}
