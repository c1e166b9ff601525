package session_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// t0 is the fake clock's start in the tests that move time.
var t0 = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

type user struct {
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

// lastErr keeps the error a handler saw, for tests of errors a handler
// cannot return (after it wrote the response).
type lastErr struct {
	err  error
	user string
}

// routes is the test app: each handler does one thing with the session.
func routes(le *lastErr) fx.Option {
	return egg.Routes(func(r *egg.Router) {
		r.Get("/hello", func(c *egg.Ctx) error { return c.Text(200, "hi") })
		r.Get("/read", func(c *egg.Ctx) error {
			s := session.Get(c)
			out := map[string]any{}
			for _, k := range s.Keys() {
				var v any
				if _, err := s.Get(k, &v); err != nil {
					return err
				}
				out[k] = v
			}
			return c.JSON(200, out)
		})
		r.Post("/set", func(c *egg.Ctx) error {
			s := session.Get(c)
			for k, vs := range c.QueryValues() {
				if err := s.Set(k, vs[0]); err != nil {
					return err
				}
			}
			return c.NoContent(204)
		})
		r.Post("/delete", func(c *egg.Ctx) error {
			session.Get(c).Delete(c.Query("key"))
			return c.NoContent(204)
		})
		r.Post("/typed", func(c *egg.Ctx) error {
			s := session.Get(c)
			for k, v := range map[string]any{
				"n": 42, "f": 1.5, "ok": true, "user": user{Name: "alice", Roles: []string{"admin"}},
				"m": map[string]int{"a": 1}, "when": t0, "list": []string{"x", "y"},
			} {
				if err := s.Set(k, v); err != nil {
					return err
				}
			}
			return c.NoContent(204)
		})
		r.Get("/typed", func(c *egg.Ctx) error {
			s := session.Get(c)
			n, _ := session.Value[int](s, "n")
			f, _ := session.Value[float64](s, "f")
			ok, _ := session.Value[bool](s, "ok")
			u, _ := session.Value[user](s, "user")
			m, _ := session.Value[map[string]int](s, "m")
			when, _ := session.Value[time.Time](s, "when")
			list, _ := session.Value[[]string](s, "list")
			_, bad := session.Value[int](s, "user") // a struct is not an int
			var into int
			_, err := s.Get("user", &into)
			return c.JSON(200, map[string]any{"n": n, "f": f, "ok": ok, "user": u, "m": m,
				"when": when.Equal(t0), "list": list, "bad": bad, "err": err != nil})
		})
		r.Post("/login", func(c *egg.Ctx) error {
			s := session.Get(c)
			s.Regenerate()
			if c.Query("remember") != "" {
				if err := s.SetMaxAge(30 * 24 * time.Hour); err != nil {
					return err
				}
			}
			if err := s.Set("user", c.Query("user")); err != nil {
				return err
			}
			return c.Text(200, s.ID())
		})
		r.Get("/id", func(c *egg.Ctx) error { return c.Text(200, session.Get(c).ID()) })
		r.Post("/logout", func(c *egg.Ctx) error {
			session.Get(c).Destroy()
			return c.Redirect(http.StatusFound, "/")
		})
		r.Post("/flash", func(c *egg.Ctx) error {
			if err := session.Get(c).AddFlash(c.Query("kind"), c.Query("msg")); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/flashes")
		})
		r.Get("/flashes", func(c *egg.Ctx) error {
			return c.JSON(200, session.Get(c).Flashes(c.Query("kind")))
		})
		r.Post("/big", func(c *egg.Ctx) error {
			n, _ := strconv.Atoi(c.Query("n"))
			return session.Get(c).Set("big", strings.Repeat("x", n))
		})
		r.Post("/bigflash", func(c *egg.Ctx) error {
			n, _ := strconv.Atoi(c.Query("n"))
			return session.Get(c).AddFlash("info", strings.Repeat("x", n))
		})
		r.Post("/save-then-set", func(c *egg.Ctx) error {
			s := session.Get(c)
			if err := s.Set("a", 1); err != nil {
				return err
			}
			if err := s.Save(); err != nil {
				return err
			}
			if err := s.Set("b", 2); err != nil {
				return err
			}
			return c.NoContent(204)
		})
		r.Get("/late", func(c *egg.Ctx) error {
			var s *session.Session
			if c.Query("load") == "before" {
				s = session.Get(c)
			}
			if err := c.Text(200, "written"); err != nil {
				return err
			}
			if s == nil {
				s = session.Get(c)
			}
			le.user, _ = session.Value[string](s, "user") // reading still works
			le.err = s.Set("a", 1)
			return nil
		})
		r.Get("/info", func(c *egg.Ctx) error {
			s := session.Get(c)
			return c.JSON(200, map[string]any{"new": s.IsNew(), "maxAge": s.MaxAge().String(), "len": s.Len(), "err": errText(s.Err())})
		})
		r.Get("/api/set", func(c *egg.Ctx) error { return session.Get(c).Set("a", 1) })
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// keys sets the app keys.
func keys(ks ...string) fx.Option {
	return egg.Configure(func(c *egg.AppConfig) { c.Keys = ks })
}

// newApp starts the test app with the session module and key "k1".
func newApp(t *testing.T, opts ...fx.Option) (*eggtest.App, *lastErr) {
	t.Helper()
	le := &lastErr{}
	all := append([]fx.Option{session.Module, keys("k1-a-long-random-secret"), routes(le)}, opts...)
	return eggtest.New(t, all...), le
}

// setCookie returns the session's Set-Cookie of a response, or nil.
func setCookie(t *testing.T, app *eggtest.App, r *eggtest.Response) *http.Cookie {
	t.Helper()
	return sessiontest.SetCookie(t, app, r.Result())
}

// mustCookie returns the session's Set-Cookie of a response, failing the
// test when there is none.
func mustCookie(t *testing.T, app *eggtest.App, r *eggtest.Response) *http.Cookie {
	t.Helper()
	ck := setCookie(t, app, r)
	if ck == nil {
		t.Fatalf("the response sets no session cookie; headers: %v", r.Result().Header)
	}
	return ck
}

// sessionSetCookies returns the raw Set-Cookie lines of the session
// cookie.
func sessionSetCookies(r *eggtest.Response) []string {
	var out []string
	for _, v := range r.Result().Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "EGG_SESS=") {
			out = append(out, v)
		}
	}
	return out
}
