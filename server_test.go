package egg_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// startServer starts an app with its own server on a free loopback port
// and stops it at cleanup (unless the test stopped it).
func startServer(t *testing.T, cfg func(*egg.ServerConfig), opts ...fx.Option) (*egg.App, string) {
	t.Helper()
	app := build(t, append([]fx.Option{egg.WithServer(), egg.Configure(func(c *egg.ServerConfig) {
		c.Port = 0
		if cfg != nil {
			cfg(c)
		}
	})}, opts...)...)
	if err := app.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = app.Stop(context.Background()) })
	return app, app.Addr()
}

// rawConn is a client connection that writes bytes as given and reads
// responses with net/http's parser, so the test sees exactly what went
// over the wire.
type rawConn struct {
	net.Conn
	r *bufio.Reader
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.SetDeadline(time.Now().Add(10 * time.Second)) // a broken server fails the test, never hangs it
	t.Cleanup(func() { c.Close() })
	return &rawConn{Conn: c, r: bufio.NewReader(c)}
}

func (c *rawConn) send(t *testing.T, s string) {
	t.Helper()
	if _, err := c.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func (c *rawConn) response(t *testing.T, method string) *http.Response {
	t.Helper()
	res, err := http.ReadResponse(c.r, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	return res
}

// closed reports whether the server closed the connection: a read gives
// EOF (or a reset) rather than more bytes or the deadline. Read the
// response body first.
func (c *rawConn) closed() bool {
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var b [1]byte
	_, err := c.r.Read(b[:])
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return err != nil
}
