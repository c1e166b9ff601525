package egg

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// ErrBodyTimeout is the error a request body's Read returns when the
// client sent nothing for ServerConfig.BodyTimeout. However a handler or
// module wraps it, egg answers the request 408 and closes the connection.
var ErrBodyTimeout = errors.New("egg: the client sent no request body data within ServerConfig.BodyTimeout")

// readDeadliner is what net/http's response writers (HTTP/1 and HTTP/2)
// offer to bound the next read of the request.
type readDeadliner interface {
	SetReadDeadline(time.Time) error
}

// bodyReader is the request body while egg serves a request with its own
// server: when the request arrives and before each Read it moves the
// connection's read deadline to now + timeout, so the timeout is the longest gap without data, not a
// bound on the whole upload. At the end of the body the deadline is
// cleared, so a slow handler after the body is never cut; a body left
// unread when the handler returns keeps a deadline, so net/http's own
// reading of the rest is bounded too.
type bodyReader struct {
	body    io.ReadCloser
	conn    readDeadliner
	timeout time.Duration
	err     error // sticky once the timeout hit
	ended   bool  // the body hit its end or failed: no deadline of ours is left
}

// wrapBody puts a bodyReader around the request's body when egg runs its
// own server with a body timeout and the request has a body. It returns
// nil otherwise.
func (a *App) wrapBody(w http.ResponseWriter, c *Ctx) *bodyReader {
	r := c.req
	if a.srv.bodyTimeout <= 0 || r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	conn, ok := w.(readDeadliner)
	if !ok {
		return nil
	}
	b := &bodyReader{body: r.Body, conn: conn, timeout: a.srv.bodyTimeout}
	// armed now too: net/http may read the body itself while the handler
	// writes (to discard what the handler did not read)
	_ = conn.SetReadDeadline(time.Now().Add(b.timeout))
	r.Body = b
	return b
}

// Read reads the body, failing with ErrBodyTimeout after timeout without
// data.
func (b *bodyReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.ended {
		return b.body.Read(p)
	}
	_ = b.conn.SetReadDeadline(time.Now().Add(b.timeout))
	n, err := b.body.Read(p)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// the deadline stays in the past: net/http cannot read the
			// rest either, and closes the connection after the 408
			b.err = fmt.Errorf("%w (no data for %s): %w", ErrBodyTimeout, b.timeout, err)
			return n, b.err
		}
		b.ended = true // end of the body, or the client went away
		_ = b.conn.SetReadDeadline(time.Time{})
	}
	return n, err
}

// Close closes the body.
func (b *bodyReader) Close() error { return b.body.Close() }

// handlerDone runs when the handler has returned: a body not read to its
// end gets one more timeout for net/http to read (and discard) the rest.
func (b *bodyReader) handlerDone() {
	if b.err == nil && !b.ended {
		_ = b.conn.SetReadDeadline(time.Now().Add(b.timeout))
	}
}

// bodyTimeoutError is the 408 a request gets when its body stalled.
func bodyTimeoutError(timeout time.Duration, err error) *Error {
	return &Error{
		Status: http.StatusRequestTimeout, Code: "request_timeout",
		Message: fmt.Sprintf("the request body stalled: no data for %s", timeout),
		Header:  http.Header{"Connection": connectionClose},
		Err:     err,
	}
}
