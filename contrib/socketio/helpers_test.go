package socketio_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/egg-go/egg/eggtest"
	"github.com/gorilla/websocket"
	"go.uber.org/fx"
)

// serve starts an app with the socketio module on a real listener and
// returns it, its base URL and its Socket.IO server.
func serve(t testing.TB, opts ...fx.Option) (*eggtest.App, string, *socketio.Server) {
	t.Helper()
	debugLogs()
	var io *socketio.Server
	all := append([]fx.Option{
		socketio.Module, egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }),
		fx.Populate(&io),
	}, opts...)
	app := eggtest.New(t, all...)
	return app, "http://" + app.Addr(), io
}

// event is one event a test client received.
type event struct {
	name string
	args []any
}

// testClient is a small Socket.IO v5 client over a WebSocket, written for
// these tests (the library's Go client races on connect and loses events
// over long-polling; long-polling and the upgrade are tested with the npm
// client in _examples/chat). It records what it receives.
type testClient struct {
	t        testing.TB
	nsp      string
	ws       *websocket.Conn
	wmu      sync.Mutex
	id       string
	events   chan event
	connects chan string
	errs     chan error
	discs    chan string
	mu       sync.Mutex
	acks     map[int]func([]any)
	nextAck  int
	done     chan struct{}
}

// dial connects to nsp with auth; header goes with the upgrade request.
func dial(t testing.TB, base, nsp string, auth map[string]any, header ...http.Header) *testClient {
	t.Helper()
	u := "ws" + strings.TrimPrefix(base, "http") + "/socket.io/?EIO=4&transport=websocket"
	var h http.Header
	if len(header) > 0 {
		h = header[0]
	}
	ws, _, err := websocket.DefaultDialer.Dial(u, h)
	if err != nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	c := &testClient{t: t, nsp: nsp, ws: ws, events: make(chan event, 100), connects: make(chan string, 10),
		errs: make(chan error, 10), discs: make(chan string, 10), acks: map[int]func([]any){}, done: make(chan struct{})}
	_, open, err := ws.ReadMessage()
	if err != nil || len(open) == 0 || open[0] != '0' {
		t.Fatalf("engine open: %q %v", open, err)
	}
	if auth == nil {
		auth = map[string]any{}
	}
	c.send(0, -1, auth)
	go c.read()
	t.Cleanup(c.close)
	return c
}

func (c *testClient) prefix() string {
	if c.nsp == "/" {
		return ""
	}
	return c.nsp + ","
}

// send writes a socket.io packet of type typ (ack id -1 for none).
func (c *testClient) send(typ, id int, data any) {
	msg := "4" + strconv.Itoa(typ) + c.prefix()
	if id >= 0 {
		msg += strconv.Itoa(id)
	}
	if data != nil {
		b, _ := json.Marshal(data)
		msg += string(b)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.WriteMessage(websocket.TextMessage, []byte(msg))
}

func (c *testClient) read() {
	defer close(c.done)
	for {
		_, b, err := c.ws.ReadMessage()
		if err != nil {
			c.discs <- "transport close"
			return
		}
		msg := string(b)
		switch {
		case msg == "2":
			c.wmu.Lock()
			_ = c.ws.WriteMessage(websocket.TextMessage, []byte("3"))
			c.wmu.Unlock()
			continue
		case !strings.HasPrefix(msg, "4"):
			continue
		}
		typ, id, data, ok := c.decode(msg[1:])
		if !ok {
			continue
		}
		switch typ {
		case 0:
			var h struct{ Sid string }
			_ = json.Unmarshal(data, &h)
			c.id = h.Sid
			c.connects <- h.Sid
		case 4:
			var e struct{ Message string }
			_ = json.Unmarshal(data, &e)
			c.errs <- errors.New(e.Message)
		case 1:
			c.discs <- "io server disconnect"
		case 2:
			var args []any
			_ = json.Unmarshal(data, &args)
			name, _ := args[0].(string)
			ev := event{name, args[1:]}
			if id >= 0 {
				ev.args = append(ev.args, func(v ...any) { c.send(3, id, v) })
			}
			c.events <- ev
		case 3:
			var args []any
			_ = json.Unmarshal(data, &args)
			c.mu.Lock()
			fn := c.acks[id]
			delete(c.acks, id)
			c.mu.Unlock()
			if fn != nil {
				fn(args)
			}
		}
	}
}

// decode splits "<type>[<nsp>,][<id>]<json>" and keeps packets of c.nsp.
func (c *testClient) decode(p string) (typ, id int, data []byte, ok bool) {
	typ = int(p[0] - '0')
	p = p[1:]
	nsp := "/"
	if strings.HasPrefix(p, "/") {
		i := strings.IndexByte(p, ',')
		if i < 0 {
			i = len(p)
		}
		nsp, p = p[:i], strings.TrimPrefix(p[i:], ",")
	}
	if nsp != c.nsp {
		return 0, 0, nil, false
	}
	id = -1
	j := 0
	for j < len(p) && p[j] >= '0' && p[j] <= '9' {
		j++
	}
	if j > 0 {
		id, _ = strconv.Atoi(p[:j])
	}
	return typ, id, []byte(p[j:]), true
}

// emit sends an event without acknowledgement.
func (c *testClient) emit(ev string, args ...any) { c.send(2, -1, append([]any{ev}, args...)) }

// disconnect leaves the namespace and closes the connection.
func (c *testClient) disconnect() {
	c.send(1, -1, nil)
	c.close()
}

func (c *testClient) close() {
	_ = c.ws.Close()
	<-c.done
}

// connected waits for the connection and returns the socket id.
func (c *testClient) connected() string {
	c.t.Helper()
	select {
	case id := <-c.connects:
		return id
	case err := <-c.errs:
		c.t.Fatalf("connect_error: %v", err)
	case <-time.After(5 * time.Second):
		c.t.Fatal("not connected within 5s")
	}
	return ""
}

// refused waits for connect_error and returns its message.
func (c *testClient) refused() string {
	c.t.Helper()
	select {
	case err := <-c.errs:
		return err.Error()
	case id := <-c.connects:
		c.t.Fatalf("connected as %s, want connect_error", id)
	case <-time.After(5 * time.Second):
		c.t.Fatal("no connect_error within 5s")
	}
	return ""
}

// ack emits an event and waits for its acknowledgement.
func (c *testClient) ack(ev string, args ...any) []any {
	c.t.Helper()
	ch := make(chan []any, 1)
	c.mu.Lock()
	id := c.nextAck
	c.nextAck++
	c.acks[id] = func(v []any) { ch <- v }
	c.mu.Unlock()
	c.send(2, id, append([]any{ev}, args...))
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		c.t.Fatalf("no acknowledgement of %s within 5s", ev)
	}
	return nil
}

// next waits for the next event named name (skipping others).
func (c *testClient) next(name string) []any {
	c.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-c.events:
			if e.name == name {
				return e.args
			}
		case <-deadline:
			c.t.Fatalf("no %q event within 5s", name)
			return nil
		}
	}
}

// none asserts no event named name arrives within d.
func (c *testClient) none(name string, d time.Duration) {
	c.t.Helper()
	deadline := time.After(d)
	for {
		select {
		case e := <-c.events:
			if e.name == name {
				c.t.Fatalf("got %q %v, want none", name, e.args)
			}
		case <-deadline:
			return
		}
	}
}

// jsonOf renders v as JSON for comparisons.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// within fails the test unless cond turns true within d.
func within(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: not within %s", what, d)
}
