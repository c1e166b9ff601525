package egg_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// drainClient is a keep-alive client that never retries: it writes each
// request as bytes on its connection and reads the answer, reconnecting
// only when the server closes. It counts the requests it wrote before
// the stop began, and the failures among them.
type drainClient struct {
	addr    string
	post    bool
	stopped *atomic.Bool // the stop began
	done    *atomic.Bool // the stop ended: leave
	served  *atomic.Int64

	before   int
	failures []string
}

func (d *drainClient) run(id int) {
	var conn net.Conn
	var br *bufio.Reader
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for n := 0; !d.done.Load(); n++ {
		// a request counts as sent before the stop when its bytes were
		// written before the stop began: decided after the write, so a
		// client goroutine that stalls before writing is never counted
		before := false
		fail := func(what string, err error) {
			if before {
				d.failures = append(d.failures, fmt.Sprintf("client %d request %d: %s: %v", id, n, what, err))
			}
			if conn != nil {
				conn.Close()
				conn = nil
			}
		}
		if conn == nil {
			before = !d.stopped.Load()
			c, err := net.DialTimeout("tcp", d.addr, 5*time.Second)
			if err != nil {
				fail("dial", err)
				if !before {
					return // the server is gone
				}
				continue
			}
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			conn, br = c, bufio.NewReader(c)
		}
		var req, want string
		if d.post {
			want = fmt.Sprintf("c%d-%d", id, n)
			req = fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(want), want)
		} else {
			want = "pong"
			req = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
		}
		_, err := io.WriteString(conn, req)
		before = !d.stopped.Load()
		if err != nil {
			fail("write", err)
			continue
		}
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			fail("no response", err)
			continue
		}
		b, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != 200 || string(b) != want {
			fail(fmt.Sprintf("bad response %d %q", res.StatusCode, b), err)
			continue
		}
		if before {
			d.before++
		}
		d.served.Add(1)
		if res.Close {
			conn.Close()
			conn = nil
		}
	}
}

// drainRun serves busy keep-alive clients (half GET, half POST), stops
// the app while they run, and returns the failed requests among those
// sent before the stop began, and how many such requests there were.
func drainRun(t *testing.T, drain time.Duration) (failures []string, before int) {
	app, addr := startServer(t, func(c *egg.ServerConfig) { c.DrainTimeout = drain },
		egg.LogOutput(io.Discard),
		withRoutes(func(r *egg.Router) {
			r.Get("/ping", func(c *egg.Ctx) error { return c.Text(200, "pong") })
			r.Post("/echo", func(c *egg.Ctx) error {
				b, err := io.ReadAll(c.Request().Body)
				if err != nil {
					return err
				}
				return c.Text(200, string(b))
			})
		}))
	const clients = 16
	var stopped, done atomic.Bool
	var served atomic.Int64
	cs := make([]*drainClient, clients)
	var wg sync.WaitGroup
	for i := range cs {
		cs[i] = &drainClient{addr: addr, post: i%2 == 1, stopped: &stopped, done: &done, served: &served}
		wg.Add(1)
		go func(i int) { defer wg.Done(); cs[i].run(i) }(i)
	}
	for deadline := time.Now().Add(10 * time.Second); served.Load() < clients*20 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond) // until every connection is busy
	}
	stopped.Store(true)
	err := app.Stop(context.Background())
	done.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	for _, c := range cs {
		failures = append(failures, c.failures...)
		before += c.before
	}
	return failures, before
}

// A graceful stop must not drop requests clients already sent on
// keep-alive connections: net/http's Shutdown closes connections it sees
// idle even when the next request is already in the socket buffer. The
// drain window answers them (with Connection: close) before the
// shutdown. Several runs, as the race is a matter of timing.
func TestGracefulStopDropsNoRequestSentBeforeIt(t *testing.T) {
	if testing.Short() {
		t.Skip("several stops under load")
	}
	for run := 0; run < 4; run++ {
		failures, before := drainRun(t, time.Second)
		if len(failures) > 0 {
			t.Errorf("run %d: %d of %d requests sent before the stop failed:\n%s", run, len(failures), before,
				strings.Join(failures[:min(len(failures), 10)], "\n"))
		}
		if before == 0 {
			t.Fatalf("run %d: no request before the stop", run)
		}
	}
}

// While draining, the app says so (for a readiness check) and answers
// with Connection: close, new connections included; the drain listeners
// run once, first.
func TestDrainingStateAndListeners(t *testing.T) {
	var drained atomic.Int32
	sawDraining := make(chan bool, 1)
	const window = 1500 * time.Millisecond // ample for the exchanges below
	app, addr := startServer(t, func(c *egg.ServerConfig) { c.DrainTimeout = window },
		fx.Invoke(func(a *egg.App) {
			a.OnDrain(func() { drained.Add(1); sawDraining <- a.Draining() })
		}),
		withRoutes(func(r *egg.Router) {
			r.Get("/ready", func(c *egg.Ctx) error {
				if c.App().Draining() {
					return c.Text(503, "draining")
				}
				return c.Text(200, "ready")
			})
		}))
	if app.Draining() {
		t.Fatal("draining before any stop")
	}
	c := dialRaw(t, addr)
	c.send(t, "GET /ready HTTP/1.1\r\nHost: x\r\n\r\n")
	res := c.response(t, "GET")
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "ready" || res.Close {
		t.Fatalf("%d %q", res.StatusCode, b)
	}
	stopped := make(chan error, 1)
	stopAt := time.Now()
	go func() { stopped <- app.Stop(context.Background()) }()
	if !<-sawDraining {
		t.Error("Draining() is false inside OnDrain")
	}
	// the open keep-alive connection is still served, with Connection: close
	c.send(t, "GET /ready HTTP/1.1\r\nHost: x\r\n\r\n")
	res = c.response(t, "GET")
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 503 || string(b) != "draining" || !res.Close {
		t.Errorf("during the drain: %d %q close=%v", res.StatusCode, b, res.Close)
	}
	if !c.closed() {
		t.Error("connection left open during the drain")
	}
	// and so is a new connection
	c = dialRaw(t, addr)
	c.send(t, "GET /ready HTTP/1.1\r\nHost: x\r\n\r\n")
	res = c.response(t, "GET")
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 503 || string(b) != "draining" || !res.Close {
		t.Errorf("new connection during the drain: %d %q close=%v", res.StatusCode, b, res.Close)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if took := time.Since(stopAt); took < window {
		t.Errorf("stopped after %s, within the drain window", took)
	}
	if drained.Load() != 1 || !app.Draining() {
		t.Errorf("drain listeners ran %d times; Draining() %v after stop", drained.Load(), app.Draining())
	}
}

// With no connection open there is nothing to drain: the stop does not
// wait for the window.
func TestNoDrainWindowWithoutConnections(t *testing.T) {
	app, _ := startServer(t, func(c *egg.ServerConfig) { c.DrainTimeout = time.Hour })
	done := make(chan error, 1)
	go func() { done <- app.Stop(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("an idle server waited for its drain window")
	}
}

func TestDrainTimeoutIsZeroInUnittest(t *testing.T) {
	app := build(t)
	if d := egg.ConfigOf[egg.ServerConfig](app.Configs()).DrainTimeout; d != 0 {
		t.Errorf("unittest DrainTimeout %v", d)
	}
	app = build(t, egg.Env("local"))
	if d := egg.ConfigOf[egg.ServerConfig](app.Configs()).DrainTimeout; d != time.Second {
		t.Errorf("local DrainTimeout %v", d)
	}
}

func TestOnDrainAfterStartPanics(t *testing.T) {
	app := start(t)
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "OnDrain after the app started") {
			t.Errorf("late listener: %v", p)
		}
	}()
	app.OnDrain(func() {})
}

// A request still running when ShutdownTimeout passes sees its context
// cancelled with egg.ErrShutdownCutOff; it is answered 503 and logged as
// cut off (warn), not as a 500 "context canceled".
func TestShutdownTimeoutCutsOffWith503(t *testing.T) {
	logs := &logBuffer{}
	entered := make(chan struct{}, 2)
	var mu sync.Mutex
	var causes []error
	app, addr := startServer(t, func(c *egg.ServerConfig) { c.ShutdownTimeout = 100 * time.Millisecond },
		egg.WithLogHandler(logs.handler()),
		withRoutes(func(r *egg.Router) {
			r.Get("/wait", func(c *egg.Ctx) error {
				entered <- struct{}{}
				<-c.Done()
				mu.Lock()
				causes = append(causes, context.Cause(c))
				mu.Unlock()
				return c.Err()
			})
			r.Get("/stream", func(c *egg.Ctx) error {
				_, _ = c.Response().Write([]byte("first part,"))
				_ = http.NewResponseController(c.Response()).Flush()
				entered <- struct{}{}
				<-c.Done()
				return fmt.Errorf("stream: %w", c.Err())
			})
		}))
	waiting, streaming := dialRaw(t, addr), dialRaw(t, addr)
	waiting.send(t, "GET /wait HTTP/1.1\r\nHost: x\r\nX-Request-Id: cut-1\r\n\r\n")
	streaming.send(t, "GET /stream HTTP/1.1\r\nHost: x\r\nX-Request-Id: cut-2\r\n\r\n")
	<-entered
	<-entered
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	res := waiting.response(t, "GET")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 503 || !res.Close || !strings.Contains(string(b), "shutting down") {
		t.Errorf("cut off request: %d close=%v %q", res.StatusCode, res.Close, b)
	}
	res = streaming.response(t, "GET")
	if b, err := io.ReadAll(res.Body); err == nil || string(b) != "first part," {
		t.Errorf("a cut stream must not end cleanly: %q %v", b, err)
	}
	mustContain(t, logs.String(), `"level":"WARN"`, `"msg":"request cut off by shutdown"`, `"id":"cut-1"`, `"id":"cut-2"`,
		"in-flight requests did not finish within ShutdownTimeout")
	for _, bad := range []string{`"msg":"request failed"`, `"status":500`, `"level":"ERROR"`} {
		if strings.Contains(logs.String(), bad) {
			t.Errorf("log has %s:\n%s", bad, logs.String())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(causes) != 1 || causes[0] != egg.ErrShutdownCutOff {
		t.Errorf("context causes %v", causes)
	}
}
