package withfx_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/internal/logrec"
	"github.com/egg-go/egg/_examples/embed/withfx"
	"github.com/go-chi/chi/v5"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type response struct {
	status int
	header http.Header
	body   string
}

func send(t *testing.T, srv *httptest.Server, method, path string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

func TestEmbeddedInHostFxApp(t *testing.T) {
	rec := logrec.New()
	var router *chi.Mux
	var app *egg.App
	host := fxtest.New(t, withfx.Options(slog.New(rec), egg.Env("unittest")), fx.Populate(&router, &app))
	host.RequireStart()
	srv := httptest.NewServer(router)

	tests := []struct {
		name, method, path string
		headers            []string
		status             int
		body               string // part of the body
		header             [2]string
	}{
		{name: "host route", method: "GET", path: "/healthz", status: 200, body: "ok"},
		{name: "host route using the shared directory", method: "GET", path: "/users/count", status: 200, body: `{"count":2}`},
		{name: "host 404 outside /api is chi's", method: "GET", path: "/nope", status: 404, body: "404 page not found"},
		{name: "egg route", method: "GET", path: "/api/users", status: 200, body: `"name":"ann"`},
		{name: "egg route with a param", method: "GET", path: "/api/users/2", status: 200, body: `{"id":2,"name":"bob"}`},
		{name: "egg 400 for a bad param", method: "GET", path: "/api/users/x", status: 400, body: "path parameter id must be an integer"},
		{name: "egg 404 from a handler", method: "GET", path: "/api/users/99", status: 404, body: "no user 99"},
		{name: "egg 404 under /api is egg's", method: "GET", path: "/api/nope", status: 404, body: "Not Found"},
		{name: "egg 405 with Allow", method: "DELETE", path: "/api/users", status: 405, header: [2]string{"Allow", "GET, HEAD, POST"}},
		{name: "egg 422", method: "POST", path: "/api/users", status: 422, body: "Validation Failed"},
		{name: "PathFor sees the mount prefix", method: "POST", path: "/api/users?name=zoe", status: 201,
			body: `{"id":3,"name":"zoe"}`, header: [2]string{"Location", "/api/users/3"}},
		{name: "cors preflight inside egg", method: "OPTIONS", path: "/api/users", status: 204,
			headers: []string{"Origin", "https://app.example.com", "Access-Control-Request-Method", "POST"},
			header:  [2]string{"Access-Control-Allow-Origin", "https://app.example.com"}},
		{name: "cors refuses another origin", method: "OPTIONS", path: "/api/users", status: 403,
			headers: []string{"Origin", "https://evil.example", "Access-Control-Request-Method", "POST"}},
		{name: "host routes have no cors", method: "GET", path: "/healthz", status: 200,
			headers: []string{"Origin", "https://app.example.com"}, header: [2]string{"Access-Control-Allow-Origin", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, srv, tt.method, tt.path, tt.headers...)
			if r.status != tt.status || !strings.Contains(r.body, tt.body) {
				t.Fatalf("status %d body %q; want %d and %q", r.status, r.body, tt.status, tt.body)
			}
			if tt.header[0] != "" && r.header.Get(tt.header[0]) != tt.header[1] {
				t.Errorf("%s = %q, want %q", tt.header[0], r.header.Get(tt.header[0]), tt.header[1])
			}
		})
	}

	srv.Close()
	host.RequireStop()

	// egg's hooks ran inside the host's lifecycle: after the host opened
	// its directory, before it closed it.
	order := []string{"directory opened", "api loaded", "egg ready", "listing users", "api closing", "egg stopped", "directory closed"}
	if !rec.InOrder(order...) {
		t.Errorf("log lines %q\nwant in order %q", rec.Messages(), order)
	}
	// egg wrote through the host's logger, with its own logger names.
	for msg, logger := range map[string]string{"egg ready": "egg", "api loaded": "api", "listing users": "app"} {
		l, ok := rec.Find(msg)
		if !ok || l.Attrs["logger"] != logger {
			t.Errorf("%q: found %v, attrs %v; want logger=%s", msg, ok, l.Attrs, logger)
		}
	}
	if l, _ := rec.Find("listing users"); l.Attrs["req.path"] != "/api/users" {
		t.Errorf("ctx logger req.path = %q, want the full path /api/users", l.Attrs["req.path"])
	}
	if got := app.Middleware(); len(got) != 1 || got[0] != "cors" {
		t.Errorf("egg middleware %q, want [cors]", got)
	}
}

// A failing egg hook fails the host's start, naming egg's module and phase.
func TestEggStartFailureFailsHostStart(t *testing.T) {
	rec := logrec.New()
	host := fx.New(withfx.Options(slog.New(rec), egg.Env("unittest"),
		egg.Module("broken", egg.Boot(brokenBoot{}))), fx.NopLogger)
	err := host.Start(t.Context())
	if err == nil || !strings.Contains(err.Error(), `module "broken" WillReady failed`) {
		t.Fatalf("host start error %v", err)
	}
	_ = host.Stop(t.Context())
	// fx rolled back what had started: the host's directory is closed again.
	if !rec.InOrder("directory opened", "directory closed") {
		t.Errorf("log lines %q; want the directory opened, then closed", rec.Messages())
	}
}

type brokenBoot struct{}

func (brokenBoot) WillReady(context.Context) error {
	return errors.New("cannot reach the billing service")
}
