package redis_test

import (
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/modules/session"
)

// TestAppRecoversWhenRedisRestarts: Redis goes away while the app runs
// (a proxy in front of the real server drops every connection, then stops
// listening); requests that need it fail with a 5xx, never as a silent
// logout; once Redis is back they succeed again, without restarting the
// app.
func TestAppRecoversWhenRedisRestarts(t *testing.T) {
	rc := direct(t)
	p := newProxy(t, true)
	name := unique(t)
	cleanKeys(t, rc, "egg:session:"+name+":*")
	app := startApp(t, egg.Name(name), session.Module, redis.Module, redis.SessionStore(), sessionRoutes,
		withURL(t, p.url(), func(c *redis.Config) { c.Client.DialTimeout, c.Client.ReadTimeout = time.Second, time.Second }))
	b := newBrowser(t, app)
	if status, _ := b.do("POST", "/login?user=ada"); status != 200 {
		t.Fatalf("login = %d", status)
	}

	// a quick restart: every connection drops, the next request redials
	p.cut()
	if status, user := b.do("GET", "/me"); status != 200 || user != "ada" {
		t.Fatalf("GET /me after the connections dropped = %d %q, want 200 ada", status, user)
	}

	// a longer outage: requests fail loudly
	p.down()
	if status, _ := b.do("GET", "/me"); status < 500 {
		t.Fatalf("GET /me with Redis down = %d, want a 5xx (the session could not be loaded)", status)
	}

	// Redis is back: the same app serves again
	p.up()
	if err := eventually(10*time.Second, func() error {
		if status, user := b.do("GET", "/me"); status != 200 || user != "ada" {
			return errNotYet
		}
		return nil
	}); err != nil {
		t.Fatal("the app did not recover after Redis came back")
	}
	if status, _ := b.do("POST", "/login?user=bob"); status != 200 {
		t.Fatalf("login after recovery = %d", status)
	}
	if status, user := b.do("GET", "/me"); status != 200 || user != "bob" {
		t.Errorf("GET /me after recovery = %d %q, want bob", status, user)
	}
}
