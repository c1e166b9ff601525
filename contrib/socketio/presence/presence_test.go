package presence_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg/contrib/socketio/presence"
	"github.com/redis/go-redis/v9"
)

// client is the Redis the tests use (REDIS_URL, default
// redis://127.0.0.1:6379); without one the test is skipped, or fails
// under CI=true.
func client(t *testing.T) redis.UniversalClient {
	t.Helper()
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379"
	}
	o, err := redis.ParseURL(u)
	if err != nil {
		t.Fatalf("REDIS_URL=%q: %v", u, err)
	}
	if c, err := net.DialTimeout("tcp", o.Addr, 2*time.Second); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Redis at %s: %v", o.Addr, err)
		}
		t.Skipf("no Redis at %s: %v; set REDIS_URL to run this test", o.Addr, err)
	} else {
		_ = c.Close()
	}
	rc := redis.NewClient(o)
	t.Cleanup(func() { _ = rc.Close() })
	return rc
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

func setup(t *testing.T) (*presence.Presence, *clock) {
	rc := client(t)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	key := "egg-test-presence-" + hex.EncodeToString(b)
	t.Cleanup(func() {
		keys, _ := rc.Keys(context.Background(), key+":*").Result()
		if len(keys) > 0 {
			rc.Del(context.Background(), keys...)
		}
	})
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	return presence.New(rc, presence.Options{Key: key, TTL: 30 * time.Second, Now: clk.Now}), clk
}

func online(t *testing.T, p *presence.Presence, room string) string {
	t.Helper()
	users, err := p.Online(context.Background(), room)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(users, ",")
}

// TestReconnectBeforeDisconnect is the seed's pitfall: ann reconnects (a
// new socket joins) before her old socket's disconnect is handled; the
// late disconnect must not mark her offline.
func TestReconnectBeforeDisconnect(t *testing.T) {
	ctx := context.Background()
	p, clk := setup(t)
	t0 := clk.Now()
	must(t, p.Join(ctx, "lobby", "ann", "s1", t0))
	must(t, p.Join(ctx, "lobby", "ann", "s2", clk.Add(time.Second)))  // the reconnect
	must(t, p.Leave(ctx, "lobby", "ann", "s1", clk.Add(time.Second))) // the old socket's late disconnect
	if got := online(t, p, "lobby"); got != "ann" {
		t.Fatalf("online %q, want ann: the reconnected socket keeps her online", got)
	}
	must(t, p.Leave(ctx, "lobby", "ann", "s2", clk.Add(time.Second)))
	if got := online(t, p, "lobby"); got != "" {
		t.Fatalf("online %q after her last socket left", got)
	}
}

// TestLateJoinAfterLeave: a socket's join delivered after its leave (an
// earlier timestamp) does not bring it back; nor does a late refresh.
func TestLateJoinAfterLeave(t *testing.T) {
	ctx := context.Background()
	p, clk := setup(t)
	joinedAt := clk.Now()
	leftAt := clk.Add(2 * time.Second)
	must(t, p.Leave(ctx, "r", "bob", "s3", leftAt))
	must(t, p.Join(ctx, "r", "bob", "s3", joinedAt))
	must(t, p.Refresh(ctx, "r", "bob", "s3", leftAt.Add(-time.Millisecond)))
	if got := online(t, p, "r"); got != "" {
		t.Fatalf("online %q: a late join revived a socket that left", got)
	}
	// a leave older than the entry's last sighting does not remove it
	must(t, p.Join(ctx, "r", "cid", "s4", clk.Add(time.Second)))
	must(t, p.Leave(ctx, "r", "cid", "s4", clk.Now().Add(-5*time.Second)))
	if got := online(t, p, "r"); got != "cid" {
		t.Fatalf("online %q: a stale leave removed a fresher entry", got)
	}
}

// TestCrashedInstanceExpires: an entry nobody refreshes (its instance
// died without a leave) stops counting after TTL; a refreshed one stays.
func TestCrashedInstanceExpires(t *testing.T) {
	ctx := context.Background()
	p, clk := setup(t)
	must(t, p.Join(ctx, "r", "dan", "s5", clk.Now()))
	must(t, p.Join(ctx, "r", "eve", "s6", clk.Now()))
	for range 4 {
		must(t, p.Refresh(ctx, "r", "eve", "s6", clk.Add(10*time.Second)))
	}
	if got := online(t, p, "r"); got != "eve" {
		t.Fatalf("online %q, want eve only", got)
	}
	if ok, err := p.IsOnline(ctx, "r", "dan"); ok || err != nil {
		t.Errorf("dan online %v %v", ok, err)
	}
	if ok, err := p.IsOnline(ctx, "r", "eve"); !ok || err != nil {
		t.Errorf("eve online %v %v", ok, err)
	}
}

func TestBadNames(t *testing.T) {
	p, _ := setup(t)
	for _, args := range [][3]string{{"", "u", "s"}, {"r", "", "s"}, {"r", "u", ""}, {"r", "u\x00x", "s"}} {
		if err := p.Join(context.Background(), args[0], args[1], args[2], time.Now()); err == nil {
			t.Errorf("Join%q accepted", args)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
