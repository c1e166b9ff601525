package jwt_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/eggtest"
	gojwt "github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps only the status, so the benchmark
// measures the server side and not a recorder.
type sink struct {
	h      http.Header
	status int
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(code int)        { s.status = code }

// BenchmarkVerifyHS256 measures one request with an HS256 token through
// an egg app: "middleware" goes through the "jwt" middleware to a handler
// that reads the typed claims; "baseline" is the same app and handler on
// a path without the middleware, so the difference is the middleware's
// cost; "Verify" is the check alone.
func BenchmarkVerifyHS256(b *testing.B) {
	var v *jwt.Verifier
	app := eggtest.New(b, jwt.Module, jwt.WithClaims[UserClaims](), egg.Configure(hsConfig),
		egg.UseMiddleware(jwt.Name, egg.Match("/api")), fx.Populate(&v),
		egg.Routes(func(r *egg.Router) {
			h := func(c *egg.Ctx) error {
				if u, ok := jwt.Claims[UserClaims](c); ok && u.Role != "admin" {
					return c.NoContent(http.StatusTeapot)
				}
				return c.NoContent(http.StatusNoContent)
			}
			r.Get("/api/x", h)
			r.Get("/open/x", h)
		}))
	tok := mint(b, gojwt.SigningMethodHS256, []byte(secret), valid("ada"))
	run := func(b *testing.B, path string) {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Authorization", bearer(tok))
		w := &sink{h: http.Header{}}
		app.ServeHTTP(w, r)
		if w.status != http.StatusNoContent {
			b.Fatalf("status %d", w.status)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			app.ServeHTTP(w, r)
		}
	}
	b.Run("middleware", func(b *testing.B) { run(b, "/api/x") })
	b.Run("baseline", func(b *testing.B) { run(b, "/open/x") })
	b.Run("Verify", func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}
