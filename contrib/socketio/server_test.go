package socketio_test

import (
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
	"go.uber.org/fx"
)

type joinAck struct {
	Room    string `json:"room"`
	Members int    `json:"members"`
}

type sayMsg struct {
	Room string `json:"room"`
	Text string `json:"text"`
}

// chatRoutes is a small chat on /chat: join (acks the member count) and
// say (broadcasts "said" to the room).
func chatRoutes(io *socketio.Server) {
	io.Of("/chat").
		Route("join", socketio.Handle(func(c *socketio.Ctx, room string) (joinAck, error) {
			c.Join(room)
			n, err := c.Namespace().Members(c, room)
			return joinAck{room, n}, err
		})).
		Route("say", socketio.Receive(func(c *socketio.Ctx, m sayMsg) error {
			return c.Namespace().To(m.Room).Emit("said", map[string]any{"room": m.Room, "text": m.Text, "from": c.ID()})
		}))
}

// TestRooms: join acks the members, say reaches every socket in the room
// (the sender too) and nobody outside it.
func TestRooms(t *testing.T) {
	_, base, _ := serve(t, fx.Invoke(chatRoutes))
	a := dial(t, base, "/chat", nil)
	b := dial(t, base, "/chat", nil)
	out := dial(t, base, "/chat", nil)
	a.connected()
	b.connected()
	out.connected()
	if got := jsonOf(a.ack("join", "r1")); got != `[{"members":1,"room":"r1"}]` {
		t.Fatalf("join ack %s", got)
	}
	if got := jsonOf(b.ack("join", "r1")); got != `[{"members":2,"room":"r1"}]` {
		t.Fatalf("join ack %s", got)
	}
	out.ack("join", "r2")
	a.emit("say", map[string]any{"room": "r1", "text": "hi"})
	for _, c := range []*testClient{a, b} {
		got := c.next("said")
		if m, _ := got[0].(map[string]any); m["text"] != "hi" || m["room"] != "r1" || m["from"] != a.id {
			t.Fatalf("said %v", got)
		}
	}
	out.none("said", 300*time.Millisecond)
}

// TestConnectionMiddlewareOnion: connection middleware run in the listed
// order on connect, in reverse after next() on disconnect; a value one
// sets is seen by handlers; a refusal reaches the client as connect_error
// with the error's message and later middleware do not run.
func TestConnectionMiddlewareOnion(t *testing.T) {
	var mu sync.Mutex
	var log []string
	record := func(s string) { mu.Lock(); log = append(log, s); mu.Unlock() }
	logged := func() string { mu.Lock(); defer mu.Unlock(); return strings.Join(log, ",") }
	reasons := make(chan string, 1)
	_, base, _ := serve(t,
		socketio.ConnectionMiddleware("outer", func(c *socketio.Ctx, next func() error) error {
			record("outer>")
			err := next()
			record("<outer")
			reasons <- c.DisconnectReason()
			return err
		}),
		socketio.ConnectionMiddleware("auth", func(c *socketio.Ctx, next func() error) error {
			record("auth>")
			name, _ := c.Auth()["name"].(string)
			if name == "" {
				return errors.New("unauthorized")
			}
			c.Set("name", name)
			err := next()
			record("<auth")
			return err
		}),
		egg.Configure(func(c *socketio.Config) {
			c.Namespace("/chat").ConnectionMiddleware = []string{"outer", "auth"}
		}),
		fx.Invoke(func(io *socketio.Server) {
			io.Of("/chat").Route("whoami", func(c *socketio.Ctx) error {
				name, _ := c.Get("name")
				c.Ack(name)
				return nil
			})
		}),
	)

	anon := dial(t, base, "/chat", nil)
	if msg := anon.refused(); msg != "unauthorized" {
		t.Fatalf("connect_error %q, want unauthorized", msg)
	}
	if got := logged(); got != "outer>,auth>,<outer" {
		t.Fatalf("refused connection ran %s", got)
	}
	<-reasons
	mu.Lock()
	log = nil
	mu.Unlock()

	ann := dial(t, base, "/chat", map[string]any{"name": "ann"})
	ann.connected()
	if got := jsonOf(ann.ack("whoami")); got != `["ann"]` {
		t.Fatalf("whoami %s", got)
	}
	if got := logged(); got != "outer>,auth>" {
		t.Fatalf("while connected: %s", got)
	}
	ann.disconnect()
	select {
	case r := <-reasons:
		if r != "client namespace disconnect" && r != "transport close" {
			t.Errorf("DisconnectReason %q", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("code after next() did not run on disconnect")
	}
	if got := logged(); got != "outer>,auth>,<auth,<outer" {
		t.Fatalf("after disconnect: %s", got)
	}
}

// TestConnectionMiddlewareErrors: an *egg.Error shows its message; a
// middleware that returns without next refuses; a panic refuses with a
// generic message (the error in unittest) and is logged; the server keeps
// accepting other clients.
func TestConnectionMiddlewareErrors(t *testing.T) {
	app, base, _ := serve(t,
		socketio.ConnectionMiddleware("gate", func(c *socketio.Ctx, next func() error) error {
			switch c.Auth()["case"] {
			case "egg":
				return egg.NewError(http.StatusForbidden, "banned", "you are banned")
			case "silent":
				return nil
			case "panic":
				panic("boom")
			}
			return next()
		}),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/").ConnectionMiddleware = []string{"gate"} }),
	)
	for _, tc := range []struct{ auth, want string }{
		{"egg", "you are banned"},
		{"silent", "connection refused"},
		{"panic", "panic: boom"},
	} {
		c := dial(t, base, "/", map[string]any{"case": tc.auth})
		if got := c.refused(); got != tc.want {
			t.Errorf("case %s: connect_error %q, want %q", tc.auth, got, tc.want)
		}
	}
	app.ExpectLog("connection middleware failed")
	dial(t, base, "/", map[string]any{"case": "ok"}).connected()
}

// TestPacketMiddleware: packet middleware see every event in order, can
// rewrite args, drop an event, answer it themselves, or refuse it with an
// error the client gets in its acknowledgement.
func TestPacketMiddleware(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	handled := make(chan string, 10)
	_, base, _ := serve(t,
		socketio.PacketMiddleware("trace", func(c *socketio.Ctx, next func() error) error {
			mu.Lock()
			seen = append(seen, "trace:"+c.Event())
			mu.Unlock()
			return next()
		}),
		socketio.PacketMiddleware("filter", func(c *socketio.Ctx, next func() error) error {
			switch c.Event() {
			case "secret":
				return nil // dropped
			case "ping":
				c.Ack("pong") // answered here
				return nil
			case "forbidden":
				return egg.NewError(http.StatusForbidden, "forbidden", "not for you")
			case "echo":
				c.SetArgs(strings.ToUpper(c.Args()[0].(string)))
			}
			return next()
		}),
		egg.Configure(func(c *socketio.Config) {
			c.Namespace("/").PacketMiddleware = []string{"trace", "filter"}
		}),
		fx.Invoke(func(io *socketio.Server) {
			io.Of("/").
				Route("echo", func(c *socketio.Ctx) error { handled <- "echo"; c.Ack(c.Args()...); return nil }).
				Route("secret", func(c *socketio.Ctx) error { handled <- "secret"; return nil })
		}),
	)
	c := dial(t, base, "/", nil)
	c.connected()
	if got := jsonOf(c.ack("echo", "hi")); got != `["HI"]` {
		t.Errorf("echo %s", got)
	}
	if got := jsonOf(c.ack("ping")); got != `["pong"]` {
		t.Errorf("ping %s", got)
	}
	if got := jsonOf(c.ack("forbidden")); got != `[{"error":{"code":"forbidden","message":"not for you"}}]` {
		t.Errorf("forbidden %s", got)
	}
	c.emit("secret")
	if got := jsonOf(c.ack("echo", "again")); got != `["AGAIN"]` {
		t.Errorf("echo %s", got)
	}
	close(handled)
	var h []string
	for e := range handled {
		h = append(h, e)
	}
	if strings.Join(h, ",") != "echo,echo" {
		t.Errorf("handlers ran for %v; the dropped event must not reach its handler", h)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(seen, ","); got != "trace:echo,trace:ping,trace:forbidden,trace:secret,trace:echo" {
		t.Errorf("trace saw %s", got)
	}
}

// TestHandlerFailures: an error is answered as an error payload, a bad
// argument as invalid_args, a panic as internal_error — and the
// connection keeps working after each.
func TestHandlerFailures(t *testing.T) {
	app, base, _ := serve(t, egg.Env("prod"), fx.Invoke(func(io *socketio.Server) {
		io.Of("/").
			Route("fail", func(c *socketio.Ctx) error { return errors.New("db is down") }).
			Route("panic", func(c *socketio.Ctx) error { panic("oops") }).
			Route("typed", socketio.Handle(func(c *socketio.Ctx, m sayMsg) (string, error) { return m.Text, nil })).
			Route("teapot", func(c *socketio.Ctx) error { return egg.NewError(418, "teapot", "short and stout") })
	}))
	c := dial(t, base, "/", nil)
	c.connected()
	for _, tc := range []struct {
		ev   string
		args []any
		want string
	}{
		{"fail", nil, `[{"error":{"code":"internal_error","message":"internal server error"}}]`},
		{"panic", nil, `[{"error":{"code":"internal_error","message":"internal server error"}}]`},
		{"typed", []any{42}, `[{"error":{"code":"invalid_args","message":"event \"typed\" argument 1: should not be a number"}}]`},
		{"typed", nil, `[{"error":{"code":"invalid_args","message":"event \"typed\" needs argument 1"}}]`},
		{"typed", []any{map[string]any{"text": "ok"}}, `["ok"]`},
		{"teapot", nil, `[{"error":{"code":"teapot","message":"short and stout"}}]`},
	} {
		if got := jsonOf(c.ack(tc.ev, tc.args...)); got != tc.want {
			t.Errorf("%s %v: got %s, want %s", tc.ev, tc.args, got, tc.want)
		}
	}
	app.ExpectLog("db is down")
	app.ExpectLog("panic: oops")
	// a handler that fails without an acknowledgement only logs
	c.emit("fail")
	if got := jsonOf(c.ack("typed", map[string]any{"text": "still here"})); got != `["still here"]` {
		t.Errorf("after failures: %s", got)
	}
}

// TestServerToClientAck: Ctx.EmitWithAck gets the client's answer, and
// times out when the client does not answer.
func TestServerToClientAck(t *testing.T) {
	_, base, _ := serve(t, egg.Configure(func(c *socketio.Config) { c.AckTimeout = 300 * time.Millisecond }),
		fx.Invoke(func(io *socketio.Server) {
			io.Of("/").Route("probe", func(c *socketio.Ctx) error {
				v, err := c.EmitWithAck(c, "question", c.Args()...)
				if err != nil {
					return egg.NewError(http.StatusConflict, "no_answer", err.Error())
				}
				c.Ack(v...)
				return nil
			})
		}))
	c := dial(t, base, "/", nil)
	c.connected()
	go func() { // the client's side: answers one question, ignores the other
		for {
			select {
			case e := <-c.events:
				if e.name == "question" && e.args[0] == "answer me" {
					e.args[len(e.args)-1].(func(...any))("42")
				}
			case <-c.done:
				return
			}
		}
	}()
	if got := jsonOf(c.ack("probe", "answer me")); got != `["42"]` {
		t.Errorf("probe %s", got)
	}
	got := jsonOf(c.ack("probe", "ignore me"))
	if !strings.Contains(got, `"code":"no_answer"`) || !strings.Contains(got, "did not acknowledge") {
		t.Errorf("probe without answer: %s", got)
	}
}

// TestRequestScopedServices: each event gets its own anonymous egg
// context, so a request-scoped service is built once per event.
func TestRequestScopedServices(t *testing.T) {
	type counter struct{ n int }
	built := 0
	_, base, _ := serve(t,
		egg.Scoped[*counter](func() func(*egg.Ctx) *counter {
			return func(*egg.Ctx) *counter { built++; return &counter{} }
		}),
		fx.Invoke(func(io *socketio.Server) {
			io.Of("/").Route("count", func(c *socketio.Ctx) error {
				egg.Use[*counter](c.Egg()).n++
				c.Ack(egg.Use[*counter](c.Egg()).n)
				return nil
			})
		}))
	c := dial(t, base, "/", nil)
	c.connected()
	for range 3 {
		if got := jsonOf(c.ack("count")); got != `[1]` {
			t.Fatalf("count %s: the service must be fresh per event", got)
		}
	}
	if built != 3 {
		t.Errorf("built %d services, want 3", built)
	}
}

// TestStartRefusesUnknownMiddleware: a namespace listing a middleware that
// is not registered fails start-up, naming it and the fix.
func TestStartRefusesUnknownMiddleware(t *testing.T) {
	_, err := eggtest.Start(t, socketio.Module,
		socketio.ConnectionMiddleware("auth", func(c *socketio.Ctx, next func() error) error { return next() }),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/chat").ConnectionMiddleware = []string{"auht"} }))
	if err == nil || !strings.Contains(err.Error(), `namespace "/chat" lists connection middleware "auht", which is not registered (registered: "auth")`) {
		t.Fatalf("err = %v", err)
	}
}

// TestEventRightAfterConnect: an event sent right behind the namespace
// CONNECT, before the client heard back, is handled, not taken for a
// protocol error. (The library tells the client it is connected a moment
// before it registers the namespace on the connection; the server holds
// the client's packets until it has.) With and without connection
// middleware.
func TestEventRightAfterConnect(t *testing.T) {
	_, base, _ := serve(t,
		socketio.ConnectionMiddleware("pass", func(c *socketio.Ctx, next func() error) error { return next() }),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/mw").ConnectionMiddleware = []string{"pass"} }),
		fx.Invoke(func(io *socketio.Server) {
			echo := func(c *socketio.Ctx) error { c.Ack(c.Args()...); return nil }
			io.Of("/").Route("echo", echo)
			io.Of("/mw").Route("echo", echo)
		}))
	for i := range 20 {
		for _, nsp := range []string{"/", "/mw"} {
			c := dial(t, base, nsp, nil)
			if got := jsonOf(c.ack("echo", i)); got != "["+strconv.Itoa(i)+"]" {
				t.Fatalf("%s #%d: echo %s", nsp, i, got)
			}
			c.close()
		}
	}
}
