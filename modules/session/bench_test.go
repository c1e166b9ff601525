package session_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing, so the benchmarks count
// egg's and the session's allocations, not a recorder's.
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(int)             {}

func benchApp(b *testing.B, opts ...fx.Option) *egg.App {
	b.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false; c.Keys = []string{"bench-key-0123456789"} }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/hello", func(c *egg.Ctx) error { return c.Text(200, "hi") })
			r.Get("/count", func(c *egg.Ctx) error {
				s := session.Get(c)
				n, _ := session.Value[int](s, "n")
				if err := s.Set("n", n+1); err != nil {
					return err
				}
				return c.Text(200, "ok")
			})
			r.Get("/read", func(c *egg.Ctx) error {
				user, _ := session.Value[string](session.Get(c), "user")
				return c.Text(200, user)
			})
		})}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()) })
	return app
}

// serve runs path through app b.N times, with the cookie if any, checking
// the first answer.
func serve(b *testing.B, app *egg.App, path string, ck *http.Cookie, wantCookie bool) {
	b.Helper()
	r := httptest.NewRequest("GET", path, nil)
	if ck != nil {
		r.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, r)
	if rec.Code != 200 || (rec.Header().Get("Set-Cookie") != "") != wantCookie {
		b.Fatalf("%s: %d, Set-Cookie %q", path, rec.Code, rec.Header().Get("Set-Cookie"))
	}
	w := &sink{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		app.ServeHTTP(w, r)
		clear(w.h)
	}
}

// BenchmarkSessionUntouched: a request through the session middleware
// whose handler never calls session.Get, against the same app without the
// module. The difference is what every request pays for sessions.
func BenchmarkSessionUntouched(b *testing.B) {
	b.Run("without-module", func(b *testing.B) {
		serve(b, benchApp(b), "/hello", nil, false)
	})
	b.Run("with-module", func(b *testing.B) {
		app := benchApp(b, session.Module)
		serve(b, app, "/hello", sessiontest.Cookie(b, app, map[string]any{"user": "alice"}), false)
	})
}

// BenchmarkSessionRoundTrip: a request that reads a value from its
// session cookie and writes it back changed (decrypt, decode, encode,
// encrypt, Set-Cookie); read-only reads without saving; memory-store
// keeps the data in a MemoryStore.
func BenchmarkSessionRoundTrip(b *testing.B) {
	b.Run("cookie", func(b *testing.B) {
		app := benchApp(b, session.Module)
		ck := sessiontest.Cookie(b, app, map[string]any{"n": 1, "user": "alice", "roles": []string{"admin", "dev"}})
		serve(b, app, "/count", ck, true)
	})
	b.Run("read-only", func(b *testing.B) {
		app := benchApp(b, session.Module)
		ck := sessiontest.Cookie(b, app, map[string]any{"n": 1, "user": "alice", "roles": []string{"admin", "dev"}})
		serve(b, app, "/read", ck, false)
	})
	b.Run("memory-store", func(b *testing.B) {
		app := benchApp(b, session.Module, storeOption(session.NewMemoryStore(0)))
		ck := sessiontest.Cookie(b, app, map[string]any{"n": 1, "user": "alice", "roles": []string{"admin", "dev"}})
		serve(b, app, "/count", ck, true)
	})
}
