package redis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/eggtest"
	goredis "github.com/redis/go-redis/v9"
	"go.uber.org/fx"
)

// TestMain fails the run if a test leaves a goroutine behind: every app,
// client, retry loop and proxy must be stopped. go-redis's own logger (a
// process-wide setting, which the module leaves alone) is silenced: the
// tests take Redis down on purpose, and it logs every failed dial.
func TestMain(m *testing.M) {
	goredis.SetLogger(quiet{})
	eggtest.VerifyTestMain(m)
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// serverURL returns the Redis the tests use: REDIS_URL, default
// redis://127.0.0.1:6379/0. Without a server the test is skipped, except
// under CI=true, where a missing server is a failure.
func serverURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379/0"
	}
	opts, err := goredis.ParseURL(u)
	if err != nil {
		t.Fatalf("REDIS_URL=%q does not parse: %v", u, err)
	}
	rc := goredis.NewClient(opts)
	defer rc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := rc.Ping(ctx).Err(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Redis at REDIS_URL (%s): %v; CI must provide one", opts.Addr, err)
		}
		t.Skipf("no Redis at REDIS_URL (%s): %v; set REDIS_URL to run this test", opts.Addr, err)
	}
	return u
}

// direct returns a go-redis client on the test server, closed at cleanup,
// to look at what the module wrote.
func direct(t testing.TB) *goredis.Client {
	t.Helper()
	opts, err := goredis.ParseURL(serverURL(t))
	if err != nil {
		t.Fatal(err)
	}
	rc := goredis.NewClient(opts)
	t.Cleanup(func() { _ = rc.Close() })
	return rc
}

// unique returns a name no other test run uses: for app names and key
// prefixes.
func unique(t testing.TB) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "eggtest-" + hex.EncodeToString(b[:])
}

// cleanKeys deletes every key matching pattern at cleanup.
func cleanKeys(t testing.TB, rc *goredis.Client, pattern string) {
	t.Helper()
	t.Cleanup(func() {
		ctx := context.Background()
		iter := rc.Scan(ctx, 0, pattern, 100).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			rc.Del(ctx, keys...)
		}
	})
}

// withURL points the default client at u. REDIS_URL is unset for the
// test, since the environment would override the app's config (and CI
// sets it).
func withURL(t testing.TB, u string, more ...func(c *redis.Config)) fx.Option {
	t.Helper()
	t.Setenv("REDIS_URL", "") // restores it at cleanup
	_ = os.Unsetenv("REDIS_URL")
	return egg.Configure(func(c *redis.Config) {
		c.Client.URL = redis.URL(u)
		for _, fn := range more {
			fn(c)
		}
	})
}

// withDB returns the test server's URL on another db.
func withDB(t testing.TB, db int) string {
	t.Helper()
	opts, err := goredis.ParseURL(serverURL(t))
	if err != nil {
		t.Fatal(err)
	}
	return "redis://" + opts.Addr + "/" + strconv.Itoa(db)
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// proxy is a TCP proxy in front of the real Redis, which a test can take
// down (close the listener and cut every connection: Redis is gone or
// restarting) and bring back up on the same address, without touching
// the real server.
type proxy struct {
	t      testing.TB
	addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// newProxy returns a proxy to the test server, up when up is true; it
// closes at cleanup.
func newProxy(t testing.TB, up bool) *proxy {
	t.Helper()
	opts, err := goredis.ParseURL(serverURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, addr: closedAddr(t), target: opts.Addr, conns: map[net.Conn]struct{}{}}
	if up {
		p.up()
	}
	t.Cleanup(p.down)
	return p
}

// url is the proxy's Redis URL, on db 0 of the real server.
func (p *proxy) url() string { return "redis://" + p.addr + "/0" }

// up starts listening on the proxy's address.
func (p *proxy) up() {
	p.t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the port may linger a moment after down
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy: listening again on %s: %v", p.addr, err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Go(func() { p.accept(ln) })
}

func (p *proxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		if p.ln != ln { // went down meanwhile
			p.mu.Unlock()
			_, _ = c.Close(), s.Close()
			return
		}
		p.conns[c], p.conns[s] = struct{}{}, struct{}{}
		p.mu.Unlock()
		pipe := func(dst, src net.Conn) {
			_, _ = io.Copy(dst, src)
			_, _ = dst.Close(), src.Close()
		}
		p.wg.Go(func() { pipe(s, c) })
		p.wg.Go(func() { pipe(c, s) })
	}
}

// down closes the listener and cuts every proxied connection, then waits
// for the proxy's goroutines.
func (p *proxy) down() {
	p.mu.Lock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
	p.mu.Unlock()
	p.wg.Wait()
}

// cut drops every proxied connection but keeps listening: a Redis that
// restarted quickly.
func (p *proxy) cut() {
	p.mu.Lock()
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
	p.mu.Unlock()
}

// eventually retries fn every 50ms until it returns nil or d passes.
func eventually(d time.Duration, fn func() error) error {
	deadline := time.Now().Add(d)
	for {
		err := fn()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var errNotYet = errors.New("not yet")
