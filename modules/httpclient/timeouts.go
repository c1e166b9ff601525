package httpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// explain wraps an error that a configured timeout caused with the name of
// that timeout and its env var, so the log says which phase was slow and
// what to change (Egg's users could not tell: eggjs/egg #2266, #3137).
// The original error stays in the chain.
func (c *Client) explain(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var op *net.OpError
	switch {
	case deadlinePassed(ctx):
		return fmt.Errorf("httpclient: the call's deadline passed before the response headers "+
			"(the whole-call Timeout %s, HTTPCLIENT_TIMEOUT, or the context's own deadline): %w", c.cfg.Timeout, err)
	case errors.As(err, &op) && op.Op == "dial" && op.Timeout():
		return fmt.Errorf("httpclient: connecting timed out (ConnectTimeout %s, HTTPCLIENT_CONNECT_TIMEOUT): %w", c.cfg.ConnectTimeout, err)
	case strings.Contains(err.Error(), "TLS handshake timeout"):
		return fmt.Errorf("httpclient: the TLS handshake timed out (TLSHandshakeTimeout %s, HTTPCLIENT_TLS_HANDSHAKE_TIMEOUT): %w", c.cfg.TLSHandshakeTimeout, err)
	case strings.Contains(err.Error(), "timeout awaiting response headers"):
		return fmt.Errorf("httpclient: no response headers in time (ResponseHeaderTimeout %s, HTTPCLIENT_RESPONSE_HEADER_TIMEOUT): %w", c.cfg.ResponseHeaderTimeout, err)
	}
	return err
}

// deadlinePassed reports whether ctx's deadline has passed. It looks at
// the clock, not only ctx.Err: http.Client enforces its Timeout with a
// timer of its own that may fire just before the context's.
func deadlinePassed(ctx context.Context) bool {
	if ctx.Err() == context.DeadlineExceeded {
		return true
	}
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// deadlineBody names the whole-call deadline when it ends a body read.
// It keeps the deadline, not the context, which may be an *egg.Ctx whose
// request has ended by the time a body is read.
type deadlineBody struct {
	io.ReadCloser
	deadline time.Time
	c        *Client
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && !time.Now().Before(b.deadline) {
		err = fmt.Errorf("httpclient: the call's deadline passed while reading the body "+
			"(the whole-call Timeout %s, HTTPCLIENT_TIMEOUT, or the context's own deadline): %w", b.c.cfg.Timeout, err)
	}
	return n, err
}

// watchBody wraps resp.Body with deadlineBody when the call has a deadline
// and a body that is only read (not HEAD's or 204's NoBody, not the
// read-write body of a 101 Switching Protocols).
func (c *Client) watchBody(ctx context.Context, resp *http.Response) {
	if resp == nil || resp.Body == nil || resp.Body == http.NoBody || resp.StatusCode == http.StatusSwitchingProtocols {
		return
	}
	dl, ok := ctx.Deadline()
	if !ok {
		return
	}
	resp.Body = &deadlineBody{ReadCloser: resp.Body, deadline: dl, c: c}
}
