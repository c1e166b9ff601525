package redis_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/modules/session"
	"go.uber.org/fx"
)

func TestSessionsStore(t *testing.T) {
	rc := direct(t)
	prefix := unique(t) + ":"
	cleanKeys(t, rc, prefix+"*")
	s := redis.NewSessions(rc, "default", prefix)
	ctx := t.Context()

	if b, found, err := s.Get(ctx, "none"); err != nil || found || b != nil {
		t.Fatalf("Get of a missing id = %q, %v, %v; want not found", b, found, err)
	}
	data := []byte(`{"user":"ada"}`)
	if err := s.Set(ctx, "id1", data, time.Hour); err != nil {
		t.Fatal(err)
	}
	data[2] = 'X' // the store must not keep the caller's buffer
	b, found, err := s.Get(ctx, "id1")
	if err != nil || !found || string(b) != `{"user":"ada"}` {
		t.Fatalf("Get = %q, %v, %v", b, found, err)
	}
	if ttl := rc.PTTL(ctx, prefix+"id1").Val(); ttl <= 59*time.Minute || ttl > time.Hour {
		t.Errorf("PTTL = %s, want the session's max age (1h)", ttl)
	}
	if err := s.Set(ctx, "id1", []byte("v2"), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if ttl := rc.PTTL(ctx, prefix+"id1").Val(); ttl > 2*time.Second {
		t.Errorf("PTTL after a second Set = %s, want it replaced by 2s", ttl)
	}
	if err := s.Destroy(ctx, "id1"); err != nil {
		t.Fatal(err)
	}
	if n := rc.Exists(ctx, prefix+"id1").Val(); n != 0 {
		t.Error("Destroy left the key")
	}
	if err := s.Destroy(ctx, "id1"); err != nil {
		t.Errorf("Destroy of a missing id: %v", err)
	}
	if err := s.Set(ctx, "id2", data, 0); err == nil || !strings.Contains(err.Error(), "session.Config.MaxAge") {
		t.Errorf("Set with ttl 0: %v", err)
	}

	// expiry: a session past its ttl is gone
	if err := s.Set(ctx, "short", []byte("x"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(120 * time.Millisecond)
	if _, found, _ := s.Get(ctx, "short"); found {
		t.Error("a session outlived its ttl")
	}

	// a canceled request cancels the call, and the error hides the id
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = s.Get(canceled, "secret-session-id")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a canceled context: %v, want context.Canceled", err)
	}
	if err != nil && strings.Contains(err.Error(), "secret-session-id") {
		t.Errorf("the error names the session id: %v", err)
	}
	if err := s.Set(canceled, "id3", data, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("Set with a canceled context: %v", err)
	}
}

// sessionRoutes are the routes of the session round-trip tests.
var sessionRoutes = egg.Routes(func(r *egg.Router) {
	r.Post("/login", func(c *egg.Ctx) error {
		s := session.Get(c)
		if err := s.Set("user", c.Query("user")); err != nil {
			return err
		}
		if err := s.Save(); err != nil {
			return err
		}
		return c.Text(200, s.ID())
	})
	r.Get("/me", func(c *egg.Ctx) error {
		s := session.Get(c)
		if err := s.Err(); err != nil {
			return err
		}
		user, _ := session.Value[string](s, "user")
		return c.Text(200, user)
	})
	r.Post("/regenerate", func(c *egg.Ctx) error {
		s := session.Get(c)
		s.Regenerate()
		if err := s.Save(); err != nil {
			return err
		}
		return c.Text(200, s.ID())
	})
	r.Post("/logout", func(c *egg.Ctx) error {
		session.Get(c).Destroy()
		return c.NoContent(http.StatusNoContent)
	})
})

// browser is an HTTP client with a cookie jar, on a real server.
type browser struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newBrowser(t *testing.T, app http.Handler) *browser {
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, srv: srv, c: &http.Client{Jar: jar}}
}

func (b *browser) do(method, path string) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.srv.URL+path, nil)
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// startApp builds and starts an app, stopped at cleanup.
func startApp(t *testing.T, opts ...fx.Option) *egg.App {
	t.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("unittest")}, opts...)...)
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := app.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return app
}

// TestSessionRoundTrip: modules/session with the Redis store, over real
// HTTP: set in one request, read in the next; Regenerate moves the
// session to a new key and removes the old; Destroy removes it; the TTL
// is the session's max age.
func TestSessionRoundTrip(t *testing.T) {
	rc := direct(t)
	name := unique(t)
	prefix := "egg:session:" + name + ":"
	cleanKeys(t, rc, prefix+"*")
	app := startApp(t, egg.Name(name), session.Module, redis.Module, redis.SessionStore(), sessionRoutes,
		withURL(t, serverURL(t)), egg.Configure(func(c *session.Config) { c.MaxAge = 2 * time.Hour }))
	b := newBrowser(t, app)
	ctx := t.Context()

	status, id := b.do("POST", "/login?user=ada")
	if status != 200 || id == "" {
		t.Fatalf("POST /login = %d %q", status, id)
	}
	if got := rc.Exists(ctx, prefix+id).Val(); got != 1 {
		t.Fatalf("no key %s in Redis after login", prefix+id)
	}
	if ttl := rc.PTTL(ctx, prefix+id).Val(); ttl <= 2*time.Hour-time.Minute || ttl > 2*time.Hour {
		t.Errorf("PTTL = %s, want the session's max age 2h", ttl)
	}
	for _, c := range b.c.Jar.Cookies(mustURL(b.srv.URL)) {
		if strings.Contains(c.Value, "ada") {
			t.Errorf("the cookie carries the session's data: %s", c.Value)
		}
	}
	if status, user := b.do("GET", "/me"); status != 200 || user != "ada" {
		t.Fatalf("GET /me = %d %q, want ada", status, user)
	}

	status, newID := b.do("POST", "/regenerate")
	if status != 200 || newID == id {
		t.Fatalf("POST /regenerate = %d %q (old id %q)", status, newID, id)
	}
	if rc.Exists(ctx, prefix+id).Val() != 0 {
		t.Error("Regenerate left the old key in Redis")
	}
	if rc.Exists(ctx, prefix+newID).Val() != 1 {
		t.Error("Regenerate did not save the new key")
	}
	if status, user := b.do("GET", "/me"); status != 200 || user != "ada" {
		t.Fatalf("GET /me after Regenerate = %d %q, want ada", status, user)
	}

	if status, _ := b.do("POST", "/logout"); status != 204 {
		t.Fatalf("POST /logout = %d", status)
	}
	if rc.Exists(ctx, prefix+newID).Val() != 0 {
		t.Error("Destroy left the key in Redis")
	}
	if status, user := b.do("GET", "/me"); status != 200 || user != "" {
		t.Errorf("GET /me after logout = %d %q, want no user", status, user)
	}
}

// TestSessionSharedAcrossInstances: two instances of one app (same name,
// same keys) behind a balancer share their sessions through Redis: a
// login on one is seen on the other, and a logout on the other ends it.
func TestSessionSharedAcrossInstances(t *testing.T) {
	rc := direct(t)
	name := unique(t)
	cleanKeys(t, rc, "egg:session:"+name+":*")
	instance := func() *egg.App {
		return startApp(t, egg.Name(name), session.Module, redis.Module, redis.SessionStore(), sessionRoutes,
			withURL(t, serverURL(t)), egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"shared-key-0123456789"} }))
	}
	a, b := newBrowser(t, instance()), newBrowser(t, instance())
	b.c.Jar = a.c.Jar // one browser; the cookie jar keys by host, and both run on 127.0.0.1
	if status, _ := a.do("POST", "/login?user=grace"); status != 200 {
		t.Fatalf("login on instance A = %d", status)
	}
	if status, user := b.do("GET", "/me"); status != 200 || user != "grace" {
		t.Fatalf("GET /me on instance B = %d %q, want grace", status, user)
	}
	if status, _ := b.do("POST", "/logout"); status != 204 {
		t.Fatalf("logout on instance B = %d", status)
	}
	if status, user := a.do("GET", "/me"); status != 200 || user != "" {
		t.Errorf("GET /me on instance A after logout on B = %d %q, want no user", status, user)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
