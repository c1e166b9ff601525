package httpclient

import (
	"context"
	"log/slog"
	"net/http"
	"time"
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
	out := req.Clone(req.Context())
	reqID := s.c.addHeaders(out)
	resp, attempts, err := s.c.send(s.next, out)
	err = s.c.explain(out.Context(), err)
	s.c.watchBody(out.Context(), resp)
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
