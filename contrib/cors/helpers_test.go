package cors_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/cors"
	"go.uber.org/fx"
)

// handlerHits counts requests that reached a route handler, to prove that
// preflights are answered by the middleware and never reach the router.
var handlerHits atomic.Int64

// api is the app under test: a small JSON API plus a page outside /api.
var api = egg.Module("api", egg.Routes(func(r *egg.Router) {
	hit := func(status int, body string) egg.HandlerFunc {
		return func(c *egg.Ctx) error {
			handlerHits.Add(1)
			c.Response().Header().Set("X-Request-Id", "req-1")
			return c.Text(status, body)
		}
	}
	r.Get("/api/users", hit(http.StatusOK, "users"))
	r.Post("/api/users", hit(http.StatusCreated, "created"))
	r.Delete("/api/users/:id", hit(http.StatusNoContent, ""))
	r.Options("/api/users", hit(http.StatusOK, "options route"))
	r.Get("/public/page", hit(http.StatusOK, "page"))
}))

// origins configures the allowed origins at the app layer.
func origins(list ...string) fx.Option {
	return egg.Configure(func(c *cors.Config) { c.AllowOrigins = list })
}

// start builds and starts an egg app with the cors module and the test
// API, serves it with a real server, and stops both at cleanup.
func start(t *testing.T, opts ...fx.Option) (*egg.App, *httptest.Server) {
	t.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("unittest"), cors.Module, api}, opts...)...)
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
	return app, srv
}

// result is a response with its body read.
type result struct {
	status int
	header http.Header
	body   string
}

// send makes a real request; headers are name/value pairs.
func send(t *testing.T, srv *httptest.Server, method, path string, headers ...string) result {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// preflight sends a browser-shaped preflight: the requested headers are
// lower case and sorted, as the Fetch standard has browsers send them.
func preflight(t *testing.T, srv *httptest.Server, path, origin, method, headers string) result {
	t.Helper()
	h := []string{"Origin", origin, "Access-Control-Request-Method", method}
	if headers != "" {
		h = append(h, "Access-Control-Request-Headers", headers)
	}
	return send(t, srv, http.MethodOptions, path, h...)
}

// vary returns every token of the Vary header.
func vary(h http.Header) []string {
	var out []string
	for _, v := range h.Values("Vary") {
		for _, tok := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(tok))
		}
	}
	return out
}

// noCORS fails when the response carries any Access-Control-Allow-* header.
func noCORS(t *testing.T, r result) {
	t.Helper()
	for name := range r.header {
		if strings.HasPrefix(name, "Access-Control-Allow-") {
			t.Errorf("unexpected %s: %q", name, r.header.Get(name))
		}
	}
}

// httptestServer serves h with a real server closed at cleanup.
func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
