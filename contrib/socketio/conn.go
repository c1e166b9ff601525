package socketio

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/egg-go/egg"
	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/queue"
)

// conn is one socket's stay in a namespace: its context (cancelled on
// disconnect), its values and the disconnect reason.
type conn struct {
	nsp    *Namespace
	sock   *socket.Socket
	ctx    context.Context
	cancel context.CancelFunc

	tasks *queue.Queue // the socket's handlers, in order, off the library's queue

	connected     chan struct{} // closed once the library has connected the socket
	connectedOnce sync.Once

	mu     sync.Mutex
	values map[any]any
	reason string
	once   sync.Once
}

// clientInfoKey carries what egg knew of the HTTP request that opened the
// connection (proxy-aware client IP, request id) into the engine.
type clientInfoKey struct{}

type clientInfo struct{ ip, requestID string }

// attach hooks a namespace into the library: the connection hook runs the
// connection middleware, the socket middleware dispatches every event.
func (s *Server) attach(n *Namespace) {
	raw := s.io.Of(n.name, nil)
	n.mu.Lock()
	n.raw = raw
	n.mu.Unlock()
	raw.Use(func(sock *socket.Socket, next func(*socket.ExtendedError)) {
		s.onConnect(n, sock, next)
	})
	_ = raw.On("connection", func(args ...any) {
		if sock, ok := args[0].(*socket.Socket); ok {
			if c, ok := n.conns.Load(sock.Id()); ok {
				c.(*conn).connectedOnce.Do(func() { close(c.(*conn).connected) })
			}
		}
	})
}

// onConnect runs when a client asks to join the namespace, before it is
// connected, on the goroutine that reads the client's packets. It sets up
// the socket's dispatch, runs the connection middleware up to their
// next() (on a goroutine of their own, which then waits there for the
// disconnect), and accepts or refuses the client.
//
// It returns only once the library has registered the namespace on the
// client: the library tells the client it is connected a moment before
// that, and an event arriving in between would be taken for a protocol
// error and close the connection. Holding the reading goroutine until
// then makes such an event wait instead.
func (s *Server) onConnect(n *Namespace, sock *socket.Socket, next func(*socket.ExtendedError)) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{nsp: n, sock: sock, ctx: ctx, cancel: cancel, tasks: queue.New(), connected: make(chan struct{})}
	n.conns.Store(sock.Id(), c)
	// registered before the client is told it is connected, so its first
	// event cannot arrive before the dispatcher is in place
	sock.Use(func(event []any, pass func(error)) { s.onEvent(c, event, pass) })
	_ = sock.On("disconnect", func(args ...any) { c.finish(args...) })
	// a client that goes away while middleware runs is never "connected",
	// so the socket emits no disconnect: the transport's close ends it
	_ = sock.Conn().Once("close", func(args ...any) { c.finish(args...) })

	n.mu.RLock()
	chain := n.connMW
	n.mu.RUnlock()
	var err error
	if len(chain) > 0 {
		err = s.decide(c, chain)
	}
	if err != nil {
		next(socket.NewExtendedError(clientMessage(s, err, true), errorData(err)))
		c.finish("refused")
		return
	}
	next(nil)
	t := time.NewTimer(s.cfg.ConnectTimeout)
	defer t.Stop()
	select {
	case <-c.connected:
	case <-c.ctx.Done():
	case <-t.C:
	}
}

// decide starts the connection onion and waits for its verdict: nil when
// the innermost next() is reached, else the refusal. A middleware that
// has not decided within Config.ConnectTimeout is refused (its next()
// then returns an error).
func (s *Server) decide(c *conn, chain []func(*Ctx, func() error) error) error {
	verdict := make(chan error, 1)
	var once sync.Once
	// decide delivers the first verdict only; before runs just ahead of it
	decide := func(err error, before func()) bool {
		first := false
		once.Do(func() {
			first = true
			if before != nil {
				before()
			}
			verdict <- err
		})
		return first
	}
	s.conns.Add(1)
	go s.runConnection(c, chain, decide)
	t := time.NewTimer(s.cfg.ConnectTimeout)
	defer t.Stop()
	select {
	case err := <-verdict:
		return err
	case <-t.C:
		err := fmt.Errorf("socketio: connection middleware of namespace %q did not decide within ConnectTimeout (%s); refused", c.nsp.name, s.cfg.ConnectTimeout)
		if decide(err, nil) {
			return err
		}
		return <-verdict
	}
}

// runConnection is the connection onion of one socket: it reports the
// verdict when the innermost next() is reached (or the chain returns
// before that), parks there until the socket disconnects, then lets the
// middleware's code after next() run.
func (s *Server) runConnection(c *conn, chain []func(*Ctx, func() error) error, decide func(error, func()) bool) {
	defer s.conns.Done()
	cx := newCtx(c, "", nil, nil)
	accepted := false
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &egg.PanicError{Value: r, Stack: stack()}
			}
		}()
		return runChain(cx, chain, func() error {
			if !decide(nil, nil) {
				return errors.New("socketio: the connection was refused before next() was called (ConnectTimeout)")
			}
			accepted = true
			<-c.ctx.Done()
			return nil
		})
	}()
	if !accepted {
		if err == nil {
			err = errRefused
		}
		decide(err, func() { s.refuse(cx, err) })
		return
	}
	if err != nil {
		s.logError(cx, "connection middleware failed after disconnect", err)
	}
}

// refuse logs a refused connection: at info for a deliberate refusal, at
// error for a panic or a server-side failure.
func (s *Server) refuse(cx *Ctx, err error) {
	if isServerError(err, true) {
		s.logError(cx, "connection middleware failed; connection refused", err)
		return
	}
	cx.Logger().Info("connection refused", "err", err.Error())
}

// finish ends the socket's stay: its context is cancelled (releasing the
// connection middleware parked in next) and its state dropped.
func (c *conn) finish(args ...any) {
	c.once.Do(func() {
		if len(args) > 0 {
			if r, ok := args[0].(string); ok {
				c.mu.Lock()
				c.reason = r
				c.mu.Unlock()
			}
		}
		c.nsp.conns.Delete(c.sock.Id())
		c.cancel()
		c.tasks.TryClose()
	})
}

func (c *conn) disconnectReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reason
}

func (c *conn) set(key, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.values == nil {
		c.values = map[any]any{}
	}
	c.values[key] = v
}

func (c *conn) get(key any) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[key]
	return v, ok
}

// isServerError tells a failure of the server (a panic, a 5xx *egg.Error)
// from a refusal meant for the client (an *egg.Error below 500). A plain
// error is a refusal where plainIsRefusal (connection middleware, as
// socket.io's next(new Error("unauthorized"))), else a server failure.
func isServerError(err error, plainIsRefusal bool) bool {
	var pe *egg.PanicError
	if errors.As(err, &pe) {
		return true
	}
	if errors.Is(err, errRefused) {
		return false
	}
	var ee *egg.Error
	if errors.As(err, &ee) {
		return ee.StatusCode() >= 500
	}
	return !plainIsRefusal
}

// clientMessage is what a client is told about err: the message of a
// refusal; for a server failure a generic message, except in local and
// unittest where the error shows.
func clientMessage(s *Server, err error, plainIsRefusal bool) string {
	var ee *egg.Error
	if errors.As(err, &ee) && ee.StatusCode() < 500 && ee.Message != "" {
		return ee.Message
	}
	if !isServerError(err, plainIsRefusal) {
		return err.Error()
	}
	if s.app != nil && (s.app.Env() == "local" || s.app.Env() == "unittest") {
		return err.Error()
	}
	return "internal server error"
}
