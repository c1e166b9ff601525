package security_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"github.com/go-chi/chi/v5"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that reuses its header map, so allocations
// counted are the server side's, not a recorder's.
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(int)             {}

func benchApp(b *testing.B, opts ...fx.Option) http.Handler {
	hello := egg.Module("hello", egg.Routes(func(r *egg.Router) {
		r.Get("/hello", func(c *egg.Ctx) error { return c.Text(200, "Hello World") })
	}))
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false; c.Keys = testKeys }), onerror.Module, hello}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()) })
	return app
}

func benchServe(b *testing.B, h http.Handler, r *http.Request) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.String() != "Hello World" {
		b.Fatalf("GET /hello: %d %q", w.Code, w.Body.String())
	}
	s := &sink{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.ServeHTTP(s, r)
		clear(s.h)
	}
}

// BenchmarkSecurity: GET /hello through bare chi, an egg app without the
// security module, and with it (default config: four headers, the method
// and path guards, the origin check), in token mode with a valid cookie,
// and with CSP on (a fresh nonce per response).
func BenchmarkSecurity(b *testing.B) {
	get := httptest.NewRequest("GET", "/hello", nil)
	b.Run("chi", func(b *testing.B) {
		mux := chi.NewRouter()
		mux.Get("/hello", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = io.WriteString(w, "Hello World")
		})
		benchServe(b, mux, get)
	})
	b.Run("egg", func(b *testing.B) { benchServe(b, benchApp(b), get) })
	b.Run("egg+security", func(b *testing.B) { benchServe(b, benchApp(b, security.Module), get) })
	b.Run("egg+security+token", func(b *testing.B) {
		r := httptest.NewRequest("GET", "/hello", nil)
		r.AddCookie(&http.Cookie{Name: "csrfToken", Value: mintB(b)})
		benchServe(b, benchApp(b, security.Module, egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken })), r)
	})
	b.Run("egg+security+csp", func(b *testing.B) {
		benchServe(b, benchApp(b, security.Module, egg.Configure(func(c *security.Config) { c.CSP.Enable = true })), get)
	})
}

func mintB(b *testing.B) string {
	cfg := security.DefaultCSRFConfig()
	cfg.Mode = security.ModeToken
	g, err := security.NewCSRF(cfg, testKeys)
	if err != nil {
		b.Fatal(err)
	}
	return g.NewToken()
}
