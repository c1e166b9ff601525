package egg

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// ErrShutdownCutOff is the cause (context.Cause) of a request's context
// cancelled because a graceful stop ran out of time
// (ServerConfig.ShutdownTimeout). egg answers such a request 503 with
// "Connection: close" when nothing was sent yet, and logs it at warn as cut
// off by the shutdown, not as a failed request. Error listeners receive the
// handler's error joined with it: errors.Is(err, egg.ErrShutdownCutOff).
var ErrShutdownCutOff = errors.New("egg: request cut off by the server's shutdown (ServerConfig.ShutdownTimeout passed)")

// Draining reports whether the app is stopping: from the moment a stop
// begins, before the drain window (ServerConfig.DrainTimeout), until the
// app has stopped. A readiness check answers 503 while it is true, so a
// balancer stops sending new requests while the in-flight ones finish.
func (a *App) Draining() bool { return a.srv.draining.Load() }

// OnDrain adds a listener called once when the app begins to stop, before
// the drain window and before the server stops accepting: deregister from
// service discovery here. It runs on the stopping goroutine; keep it
// short. Add it in a constructor or a boot hook (DidLoad at the latest).
func (a *App) OnDrain(fn func()) {
	a.mustNotHaveStarted("OnDrain")
	a.srv.onDrain = append(a.srv.onDrain, fn)
}

// startDrain marks the app as draining and tells the listeners, once.
func (a *App) startDrain() {
	if a.srv.draining.Swap(true) {
		return
	}
	for _, fn := range a.srv.onDrain {
		fn()
	}
}

// drainPoll is how often the drain window checks whether any connection is
// left open.
const drainPoll = 5 * time.Millisecond

// drain keeps the server serving for the window, while ServeHTTP answers
// with "Connection: close" (see Draining); it ends early when no
// connection is left or ctx ends.
func (a *App) drain(ctx context.Context, window time.Duration) {
	if window <= 0 || a.srv.conns.Load() == 0 {
		return
	}
	a.log.core.Info("draining: serving with Connection: close before the shutdown",
		"window", window, "open_connections", a.srv.conns.Load())
	deadline := time.NewTimer(window)
	defer deadline.Stop()
	tick := time.NewTicker(drainPoll)
	defer tick.Stop()
	for a.srv.conns.Load() > 0 {
		select {
		case <-deadline.C:
			return
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// cutOff reports whether the request's context was cancelled by the
// shutdown timeout.
func (c *Ctx) cutOff() bool {
	return c.app.srv.cutting.Load() && errors.Is(context.Cause(c.req.Context()), ErrShutdownCutOff)
}

// answerCutOff logs a request the shutdown cut off, at warn, and answers
// it 503 when nothing was sent yet. It bypasses the error renderer, which
// would log it as a failed request.
func (c *Ctx) answerCutOff(err error) {
	c.app.log.core.Warn("request cut off by shutdown", slog.Group("req",
		slog.String("id", c.reqID), slog.String("method", c.req.Method), slog.String("path", Clip(c.req.URL.Path))),
		"sent", c.rw.written(), "err", err)
	if c.rw.written() {
		return
	}
	h := c.w.Header()
	h["Connection"] = connectionClose
	h["Content-Type"] = contentTypeText
	h.Del("Content-Length")
	c.w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = io.WriteString(c.w, "Service Unavailable: the server is shutting down; retry the request\n")
}
