package egg_test

import (
	"fmt"
	"io"
	"sync/atomic"
	"testing"

	"github.com/egg-go/egg"
)

// A request with both Content-Length and Transfer-Encoding: a proxy that
// frames by Content-Length forwards one request; net/http frames by
// chunked encoding and finds a second one behind it. That second request
// must never be served on the connection (RFC 9112 6.1).
func TestContentLengthWithTransferEncodingClosesTheConnection(t *testing.T) {
	var smuggled atomic.Int32
	_, addr := startServer(t, nil, withRoutes(func(r *egg.Router) {
		r.Post("/form", func(c *egg.Ctx) error {
			b, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			return c.Text(200, fmt.Sprintf("read %d bytes", len(b)))
		})
		r.Get("/admin", func(c *egg.Ctx) error { smuggled.Add(1); return c.Text(200, "smuggled") })
	}))
	hidden := "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n"
	body := "0\r\n\r\n" + hidden
	c := dialRaw(t, addr)
	c.send(t, fmt.Sprintf("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%s", len(body), body))
	res := c.response(t, "POST")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "read 0 bytes" || !res.Close {
		t.Errorf("first response: %d %q, Connection: close %v", res.StatusCode, b, res.Close)
	}
	if !c.closed() {
		t.Error("the connection stayed open: the hidden request can be served")
	}
	if n := smuggled.Load(); n != 0 {
		t.Errorf("the smuggled request was served %d times", n)
	}
}

// A plain chunked request is served (and its connection closed after it,
// the price of the rule above); a Content-Length request keeps its
// connection.
func TestChunkedAndContentLengthRequests(t *testing.T) {
	_, addr := startServer(t, nil, withRoutes(func(r *egg.Router) {
		r.Post("/echo", func(c *egg.Ctx) error {
			b, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			return c.Text(200, string(b))
		})
	}))
	c := dialRaw(t, addr)
	c.send(t, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
	res := c.response(t, "POST")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "hello" || res.Close {
		t.Errorf("Content-Length request: %d %q close=%v", res.StatusCode, b, res.Close)
	}
	c.send(t, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
	res = c.response(t, "POST")
	b, _ = io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "abc" || !res.Close {
		t.Errorf("chunked request: %d %q close=%v", res.StatusCode, b, res.Close)
	}
}
