package httpclient

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testConfig is DefaultConfig with back-offs short enough for tests.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.RetryBackoff = time.Millisecond
	cfg.RetryMaxBackoff = 5 * time.Millisecond
	return cfg
}

// newTestClient builds a client for cfg and closes its idle connections
// when the test ends.
func newTestClient(t *testing.T, cfg Config, opts ...Option) *Client {
	t.Helper()
	c, err := New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// upstream is an httptest server that counts its requests and records
// what it saw; handle decides each answer from the 1-based hit number.
type upstream struct {
	*httptest.Server
	hits   atomic.Int32
	mu     sync.Mutex
	seen   []*http.Request
	bodies []string
}

func newUpstream(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(u.hits.Add(1))
		body, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.seen = append(u.seen, r.Clone(r.Context()))
		u.bodies = append(u.bodies, string(body))
		u.mu.Unlock()
		handle(n, w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// last returns the last request the server saw.
func (u *upstream) last(t *testing.T) *http.Request {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.seen) == 0 {
		t.Fatal("the upstream server got no request")
	}
	return u.seen[len(u.seen)-1]
}

// events collects a client's call events.
type events struct {
	mu  sync.Mutex
	evs []CallEvent
}

func recordEvents(c *Client) *events {
	e := &events{}
	c.OnCall(func(ev CallEvent) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.evs = append(e.evs, ev)
	})
	return e
}

func (e *events) all() []CallEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]CallEvent(nil), e.evs...)
}

func (e *events) only(t *testing.T) CallEvent {
	t.Helper()
	all := e.all()
	if len(all) != 1 {
		t.Fatalf("got %d call events, want 1: %+v", len(all), all)
	}
	return all[0]
}
