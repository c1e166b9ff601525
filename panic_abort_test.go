package egg_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
)

func panicRoutes() any {
	return func(r *egg.Router) {
		r.Get("/stream", func(c *egg.Ctx) error {
			_, _ = c.Response().Write([]byte("part one,"))
			_ = http.NewResponseController(c.Response()).Flush()
			panic("lost the database half way")
		})
		r.Get("/early", func(c *egg.Ctx) error { panic("before any byte") })
		r.Get("/ok", func(c *egg.Ctx) error { return c.Text(200, "ok") })
	}
}

// A panic after part of a chunked response went out must not end the
// response cleanly: the connection is aborted, so the client sees a
// broken body, and the panic is logged at error with the request id and
// the stack, in every env.
func TestPanicAfterPartialWriteAbortsTheConnection(t *testing.T) {
	logs := &logBuffer{}
	_, addr := startServer(t, nil, egg.Env("prod"), egg.WithLogHandler(logs.handler()), withRoutes(panicRoutes()))
	c := dialRaw(t, addr)
	c.send(t, "GET /stream HTTP/1.1\r\nHost: x\r\nX-Request-Id: panic-1\r\n\r\n")
	res := c.response(t, "GET")
	if res.StatusCode != 200 || len(res.TransferEncoding) == 0 || res.TransferEncoding[0] != "chunked" {
		t.Fatalf("want a chunked 200 to start: %d %v", res.StatusCode, res.TransferEncoding)
	}
	body, err := io.ReadAll(res.Body)
	if err == nil {
		t.Errorf("the cut body %q read as complete (terminated chunked stream)", body)
	}
	if string(body) != "part one," {
		t.Errorf("body so far %q", body)
	}
	if !c.closed() {
		t.Error("the connection stayed open after the panic")
	}
	mustContain(t, logs.String(), `"level":"ERROR"`, `"msg":"panic serving a request"`, `"id":"panic-1"`,
		`"panic":"lost the database half way"`, `"response_started":true`, `"stack":"goroutine `, "panic_abort_test.go")
}

// A panic before anything was written is still a 500, and the connection
// stays usable.
func TestPanicBeforeWritingIsA500OnALiveConnection(t *testing.T) {
	logs := &logBuffer{}
	_, addr := startServer(t, nil, egg.WithLogHandler(logs.handler()), withRoutes(panicRoutes()))
	c := dialRaw(t, addr)
	c.send(t, "GET /early HTTP/1.1\r\nHost: x\r\nX-Request-Id: panic-2\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
	res := c.response(t, "GET")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 500 || strings.Contains(string(b), "before any byte") {
		t.Errorf("%d %q", res.StatusCode, b)
	}
	res = c.response(t, "GET")
	b, _ = io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "ok" {
		t.Errorf("second request on the connection: %d %q", res.StatusCode, b)
	}
	mustContain(t, logs.String(), `"msg":"panic serving a request"`, `"id":"panic-2"`, `"response_started":false`, `"stack":"goroutine `)
}
