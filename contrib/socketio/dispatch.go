package socketio

import (
	"errors"
	"log/slog"
	"runtime/debug"

	"github.com/egg-go/egg"
	"github.com/zishang520/socket.io/servers/socket/v3"
)

// onEvent receives every event a socket sends, on the library's queue of
// that socket. Routed events (and every event, when the namespace has
// packet middleware) are handled on the connection's own queue — in
// order, one at a time per socket, without holding up the library's queue,
// which must stay free to deliver the acknowledgements a handler may be
// waiting for. Other events go on to listeners added on the raw socket.
func (s *Server) onEvent(c *conn, event []any, pass func(error)) {
	name, _ := event[0].(string)
	args := event[1:]
	var ack socket.Ack
	if len(args) > 0 {
		if a, ok := args[len(args)-1].(socket.Ack); ok {
			ack, args = a, args[:len(args)-1]
		}
	}
	n := c.nsp
	h := n.route(name)
	n.mu.RLock()
	mw := n.packetMW
	n.mu.RUnlock()
	if h == nil && len(mw) == 0 {
		pass(nil)
		return
	}
	c.tasks.Enqueue(func() { s.handle(c, name, args, ack, h, mw, pass) })
}

// handle runs one event through the packet middleware to its handler.
// Errors and panics are logged and, when the client asked for an
// acknowledgement that was not sent, answered with an error payload; the
// connection carries on either way.
func (s *Server) handle(c *conn, name string, args []any, ack socket.Ack, h Handler, mw []func(*Ctx, func() error) error, pass func(error)) {
	cx := newCtx(c, name, args, ack)
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &egg.PanicError{Value: r, Stack: stack()}
			}
		}()
		return runChain(cx, mw, func() error {
			if h == nil {
				pass(nil) // no route: the raw socket's listeners
				return nil
			}
			return h(cx)
		})
	}()
	if err == nil {
		return
	}
	if isServerError(err, false) {
		s.logError(cx, "event handler failed", err)
	} else {
		cx.Logger().Info("event refused", "err", err.Error())
	}
	if cx.HasAck() && !cx.Acked() {
		cx.Ack(ErrorPayload(s, err))
	}
}

// logError logs a server-side failure at error, with the stack of a
// panic, and tells the app's error listeners (app.OnError).
func (s *Server) logError(cx *Ctx, msg string, err error) {
	attrs := []any{slog.String("err", err.Error())}
	var pe *egg.PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, slog.String("stack", string(pe.Stack)))
	}
	cx.Logger().Error(msg, attrs...)
	if s.app != nil {
		s.app.EmitError(err, nil)
	}
}

// ErrorPayload is the acknowledgement sent for a failed event:
//
//	{"error": {"message": "room is full", "code": "room_full"}}
//
// The message is an *egg.Error's below 500; a server failure's is
// "internal server error" (the error itself in local and unittest). The
// code is the *egg.Error's Code, "internal_error" for a server failure,
// else absent.
func ErrorPayload(s *Server, err error) map[string]any {
	body := map[string]any{"message": clientMessage(s, err, false)}
	var ee *egg.Error
	switch {
	case errors.As(err, &ee) && ee.Code != "" && ee.StatusCode() < 500:
		body["code"] = ee.Code
	case isServerError(err, false):
		body["code"] = "internal_error"
	}
	return map[string]any{"error": body}
}

func stack() []byte { return debug.Stack() }

// errorData is the data of a connect_error (err.data in socket.io-client):
// {"code": "..."} for an *egg.Error with a code, else {}.
func errorData(err error) map[string]any {
	var ee *egg.Error
	if errors.As(err, &ee) && ee.Code != "" && ee.StatusCode() < 500 {
		return map[string]any{"code": ee.Code}
	}
	return map[string]any{}
}
