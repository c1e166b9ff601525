package httpclient

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/egg-go/egg"
)

// stack is the client's RoundTripper: headers, retries, the log line and
// the event around the Network below it. It runs once per round trip, so
// a redirect followed by the client is a call of its own.
type stack struct {
	c    *Client
	next http.RoundTripper
}

// RoundTrip sends req with the client's headers added (on a copy: the
// caller's request is not changed), retrying when its context asks, and
// reports the call.
func (s *stack) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	ctx := req.Context()
	ec := egg.CtxFrom(req)
	var cc *callContext
	if ec != nil {
		cc = &callContext{Context: ctx}
		ctx = cc
	}
	out := req.Clone(ctx)
	reqID := s.c.addHeaders(out, ec)
	resp, attempts, err := s.c.send(s.next, out)
	err = s.c.explain(ctx, err)
	s.c.watchBody(ctx, resp)
	if cc != nil {
		cc.end()
	}
	ev := CallEvent{
		Method: req.Method, Host: req.URL.Host, Path: req.URL.Path,
		Attempts: attempts, Start: start, Duration: time.Since(start),
		Err: err, RequestID: reqID,
	}
	if resp != nil {
		ev.Status = resp.StatusCode
	}
	s.c.report(req.Context(), ev)
	return resp, err
}

// callContext is the context the Network sees for a call made inside an
// egg request: the caller's, except that once the call has returned, value
// lookups no longer reach it. http.Transport keeps a request's context
// values for a dial that may finish after the request (to pool the
// connection), and an *egg.Ctx in that context is recycled when its
// request ends: looking a value up in it then would read another request's
// state. The lock makes sure no lookup is still running when the call
// returns to the handler.
type callContext struct {
	context.Context
	mu    sync.RWMutex
	ended bool
}

// Value asks the caller's context while the call runs, nil afterwards.
func (c *callContext) Value(key any) any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.ended {
		return nil
	}
	return c.Context.Value(key)
}

// end cuts the link to the caller's context values.
func (c *callContext) end() {
	c.mu.Lock()
	c.ended = true
	c.mu.Unlock()
}

// CloseIdleConnections closes the Network's idle connections, if it keeps
// any (http.Client.CloseIdleConnections reaches it through here).
func (s *stack) CloseIdleConnections() {
	if ci, ok := s.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// report writes the call's log line and fires the OnCall hooks.
func (c *Client) report(ctx context.Context, ev CallEvent) {
	level := slog.LevelDebug
	if ev.Err != nil {
		level = slog.LevelWarn
	}
	if c.log.Enabled(ctx, level) {
		attrs := make([]slog.Attr, 0, 7)
		attrs = append(attrs, slog.String("method", ev.Method), slog.String("host", ev.Host),
			slog.Int("status", ev.Status), slog.Duration("duration", ev.Duration))
		if ev.Attempts > 1 {
			attrs = append(attrs, slog.Int("attempts", ev.Attempts))
		}
		if ev.RequestID != "" {
			attrs = append(attrs, slog.String("req_id", ev.RequestID))
		}
		msg := "httpclient call"
		if ev.Err != nil {
			msg = "httpclient call failed"
			attrs = append(attrs, slog.Any("err", ev.Err))
		}
		c.log.LogAttrs(ctx, level, msg, attrs...)
	}
	if hooks := c.hooks.Load(); hooks != nil {
		for _, fn := range *hooks {
			fn(ev)
		}
	}
}
