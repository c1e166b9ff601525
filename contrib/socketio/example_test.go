package socketio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"go.uber.org/fx"
)

// The module in an app: a namespace with an auth middleware and two
// routes.
func Example() {
	type JoinAck struct {
		Room    string `json:"room"`
		Members int    `json:"members"`
	}
	app, err := egg.New(egg.Env("unittest"), socketio.Module,
		socketio.ConnectionMiddleware("auth", func(c *socketio.Ctx, next func() error) error {
			if name, _ := c.Auth()["name"].(string); name == "" {
				return errors.New("unauthorized")
			}
			return next()
		}),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/chat").ConnectionMiddleware = []string{"auth"} }),
		fx.Invoke(func(io *socketio.Server) {
			io.Of("/chat").
				Route("join", socketio.Handle(func(c *socketio.Ctx, room string) (JoinAck, error) {
					c.Join(room)
					n, err := c.Namespace().Members(c, room)
					return JoinAck{room, n}, err
				})).
				Route("say", socketio.Receive(func(c *socketio.Ctx, text string) error {
					return c.Namespace().To(c.Rooms()...).Emit("said", text)
				}))
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := app.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer app.Stop(context.Background())
	for _, r := range app.Routes() {
		fmt.Println("mounted at", r.Pattern)
	}
	// Output: mounted at /socket.io
}

// The server without egg: a plain http.Handler.
func ExampleNew() {
	io := socketio.New(socketio.DefaultConfig(), socketio.Options{})
	io.Of("/").Route("echo", func(c *socketio.Ctx) error {
		c.Ack(c.Args()...)
		return nil
	})
	if err := io.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer io.Close(context.Background())
	srv := httptest.NewServer(io)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/socket.io/socket.io.js")
	if err != nil {
		fmt.Println(err)
		return
	}
	res.Body.Close()
	fmt.Println(res.StatusCode, res.Header.Get("Content-Type"))
	// Output: 200 text/javascript; charset=utf-8
}

// Typed handlers decode the first argument and acknowledge the result.
func ExampleHandle() {
	type Sum struct{ A, B int }
	h := socketio.Handle(func(c *socketio.Ctx, in Sum) (int, error) { return in.A + in.B, nil })
	_ = h // io.Of("/math").Route("sum", h): emit("sum", {A: 1, B: 2}, ack) acknowledges 3
	fmt.Println("routed")
	// Output: routed
}
