package egg

import (
	"context"
	"errors"
	"io"
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
// of a serving app begins, before the drain window
// (ServerConfig.DrainTimeout), on. A readiness check answers 503 while it
// is true, so a balancer stops sending new requests while the in-flight
// ones finish. An embedded app (no server of its own) turns it true when
// its host stops it, with no window.
func (a *App) Draining() bool { return a.srv.draining.Load() }

// OnDrain adds a listener called once when a serving app begins to stop,
// before the drain window and before the server stops accepting:
// deregister from service discovery here. It runs on the stopping
// goroutine; keep it short. Add it in a constructor or a boot hook
// (DidLoad at the latest).
func (a *App) OnDrain(fn func()) {
	a.mustNotHaveStarted("OnDrain")
	a.srv.onDrain = append(a.srv.onDrain, fn)
}

// startDrain marks a serving app as draining and tells the listeners,
// once. An app whose start failed before it served never drains.
func (a *App) startDrain() {
	if !a.serving.Load() || a.srv.draining.Swap(true) {
		return
	}
	for _, fn := range a.srv.onDrain {
		fn()
	}
}

// drain keeps the server serving for the window, while ServeHTTP answers
// with "Connection: close" (see Draining). With no connection open when
// the stop begins there is nothing to drain: a client that connects later
// is refused, which it can always retry. Otherwise the window runs in
// full, even if the count of open connections touches zero: clients
// reconnecting may sit in the listen backlog, unseen, and a balancer may
// still send new ones until it notices.
//
// open is the count of open connections when the stop began: read later,
// after the drain listeners ran, clients already told to close might
// have gone, and the window would be skipped for the ones reconnecting.
func (a *App) drain(ctx context.Context, window time.Duration, open int64) {
	if window <= 0 || open == 0 {
		return
	}
	a.log.core.Info("draining: serving with Connection: close before the shutdown",
		"window", window, "open_connections", open)
	t := time.NewTimer(window)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// cutOff reports whether the request's context was cancelled by the
// shutdown timeout.
func (c *Ctx) cutOff() bool {
	return c.app.srv.cutting.Load() && errors.Is(context.Cause(c.req.Context()), ErrShutdownCutOff)
}

// answerCutOff logs a request the shutdown cut off, at warn, and answers
// it 503 when nothing was sent yet; a response already started is aborted
// (http.ErrAbortHandler), so the client cannot take it for complete. It
// bypasses the error renderer, which would log a failed request.
func (c *Ctx) answerCutOff(err error) {
	c.app.log.core.Warn("request cut off by shutdown", c.reqAttr(), "response_started", c.rw.written(), "err", err)
	if c.rw.written() {
		panic(http.ErrAbortHandler)
	}
	h := c.w.Header()
	h["Connection"] = connectionClose
	h["Content-Type"] = contentTypeText
	h.Del("Content-Length")
	c.w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = io.WriteString(c.w, "Service Unavailable: the server is shutting down; retry the request\n")
}
