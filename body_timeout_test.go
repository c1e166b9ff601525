package egg_test

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
)

const bodyTimeout = 500 * time.Millisecond

func bodyRoutes() any {
	return func(r *egg.Router) {
		r.Post("/raw", func(c *egg.Ctx) error {
			b, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			return c.Text(200, fmt.Sprintf("got %d bytes", len(b)))
		})
		// a binder-like module that turns any read error into its own 400
		r.Post("/wrapped", func(c *egg.Ctx) error {
			if _, err := io.ReadAll(c.Request().Body); err != nil {
				return egg.NewError(400, "invalid_body", "could not read the request body").Wrap(err)
			}
			return c.Text(200, "ok")
		})
		r.Post("/ignore", func(c *egg.Ctx) error { return c.Text(200, "did not read") })
	}
}

// A client that stops sending its body is answered 408 and cut off, on
// every route that reads the body, however the read error is wrapped.
func TestStalledBodyIsCutWith408(t *testing.T) {
	logs := &logBuffer{}
	_, addr := startServer(t, func(c *egg.ServerConfig) { c.BodyTimeout = bodyTimeout },
		egg.WithLogHandler(logs.handler()), withRoutes(bodyRoutes()))
	for _, path := range []string{"/raw", "/wrapped"} {
		c := dialRaw(t, addr)
		c.send(t, "POST "+path+" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nx")
		start := time.Now()
		res := c.response(t, "POST")
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 408 || !res.Close || !strings.Contains(string(b), "the request body stalled") {
			t.Errorf("%s: %d close=%v %q", path, res.StatusCode, res.Close, b)
		}
		if waited := time.Since(start); waited < bodyTimeout/2 {
			t.Errorf("%s: cut after %s, before the timeout", path, waited)
		}
		if !c.closed() {
			t.Errorf("%s: connection left open", path)
		}
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a stalled client is not a server error:\n%s", logs.String())
	}
}

// The timeout is the gap between two reads: a slow but steady upload
// that takes longer than the timeout in total gets through.
func TestSteadySlowBodyIsServed(t *testing.T) {
	_, addr := startServer(t, func(c *egg.ServerConfig) { c.BodyTimeout = bodyTimeout }, withRoutes(bodyRoutes()))
	c := dialRaw(t, addr)
	const pieces = 20
	c.send(t, fmt.Sprintf("POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", pieces))
	for i := 0; i < pieces; i++ { // 20 × 50 ms: twice the timeout in all, a tenth of it between bytes
		time.Sleep(bodyTimeout / 10)
		c.send(t, "x")
	}
	res := c.response(t, "POST")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != fmt.Sprintf("got %d bytes", pieces) || res.Close {
		t.Errorf("%d %q close=%v", res.StatusCode, b, res.Close)
	}
}

// A route that never reads the body does not let a stalled client hold
// the connection either (net/http reads the rest itself, within the same
// timeout); a handler slower than the timeout after reading the body is
// not cut.
func TestUnreadBodyAndSlowHandler(t *testing.T) {
	_, addr := startServer(t, func(c *egg.ServerConfig) { c.BodyTimeout = bodyTimeout }, withRoutes(func(r *egg.Router) {
		r.Post("/ignore", func(c *egg.Ctx) error { return c.Text(200, "did not read") })
		r.Post("/slow", func(c *egg.Ctx) error {
			b, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			select {
			case <-time.After(2 * bodyTimeout):
			case <-c.Done():
				return c.Err()
			}
			return c.Text(200, string(b))
		})
	}))
	c := dialRaw(t, addr)
	c.send(t, "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
	res := c.response(t, "POST")
	_, _ = io.ReadAll(res.Body)
	if res.StatusCode != 200 || !c.closed() {
		t.Errorf("unread stalled body: %d, want the connection closed", res.StatusCode)
	}
	c = dialRaw(t, addr)
	c.send(t, "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody")
	res = c.response(t, "POST")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "body" || res.Close {
		t.Errorf("slow handler: %d %q close=%v", res.StatusCode, b, res.Close)
	}
}
