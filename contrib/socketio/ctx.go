package socketio

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
	"github.com/zishang520/socket.io/servers/socket/v3"
)

// Ctx is what a handler and a middleware get for one event (or, in a
// connection middleware, for the connection): the socket, the event's
// name and arguments, its acknowledgement, the app, a logger, and
// request-scoped services through an anonymous egg context made for this
// event (Egg's ctx.socket, ctx.args, ctx.app, ctx.service).
//
// Ctx is a context.Context cancelled when the socket disconnects. It is
// valid while its handler or middleware runs; do not keep it.
type Ctx struct {
	c     *conn
	event string
	args  []any
	ack   socket.Ack
	acked atomic.Bool
	egg   *egg.Ctx
	log   *slog.Logger
}

func newCtx(c *conn, event string, args []any, ack socket.Ack) *Ctx {
	return &Ctx{c: c, event: event, args: args, ack: ack}
}

// Deadline implements context.Context: none.
func (c *Ctx) Deadline() (time.Time, bool) { return c.c.ctx.Deadline() }

// Done implements context.Context: closed when the socket disconnects.
func (c *Ctx) Done() <-chan struct{} { return c.c.ctx.Done() }

// Err implements context.Context.
func (c *Ctx) Err() error { return c.c.ctx.Err() }

// Value implements context.Context.
func (c *Ctx) Value(key any) any { return c.c.ctx.Value(key) }

// Socket returns the library's socket, for what Ctx does not wrap.
func (c *Ctx) Socket() *socket.Socket { return c.c.sock }

// ID returns the socket's id (its own room).
func (c *Ctx) ID() string { return string(c.c.sock.Id()) }

// Namespace returns the socket's namespace.
func (c *Ctx) Namespace() *Namespace { return c.c.nsp }

// Server returns the Socket.IO server.
func (c *Ctx) Server() *Server { return c.c.nsp.srv }

// App returns the egg app, nil when the server was built without one.
func (c *Ctx) App() *egg.App { return c.c.nsp.srv.app }

// Event returns the event's name; "" in a connection middleware.
func (c *Ctx) Event() string { return c.event }

// Args returns the event's arguments (the acknowledgement excluded), as
// decoded from JSON: string, float64, bool, nil, []any, map[string]any,
// and []byte for binary attachments.
func (c *Ctx) Args() []any { return c.args }

// SetArgs replaces the arguments the next middleware and the handler see.
func (c *Ctx) SetArgs(args ...any) { c.args = args }

// Bind decodes argument i into v (a pointer), through JSON: a struct with
// json tags, a string, a number, a map. A missing or mistyped argument is
// a client error (code "invalid_args"), answered as such when the client
// asked for an acknowledgement.
func (c *Ctx) Bind(i int, v any) error {
	if i < 0 || i >= len(c.args) {
		return egg.NewError(http.StatusBadRequest, "invalid_args",
			fmt.Sprintf("event %q needs argument %d", egg.Clip(c.event), i+1))
	}
	switch p := v.(type) {
	case *any:
		*p = c.args[i]
		return nil
	case *string:
		if s, ok := c.args[i].(string); ok {
			*p = s
			return nil
		}
	}
	b, err := json.Marshal(c.args[i])
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		return egg.NewError(http.StatusBadRequest, "invalid_args",
			fmt.Sprintf("event %q argument %d: %s", egg.Clip(c.event), i+1, egg.Clip(jsonReason(err)))).Wrap(err)
	}
	return nil
}

// jsonReason is a JSON error without Go type names where it can be.
func jsonReason(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		if te.Field != "" {
			return fmt.Sprintf("field %s should not be a %s", te.Field, te.Value)
		}
		return fmt.Sprintf("should not be a %s", te.Value)
	}
	return err.Error()
}

// HasAck reports whether the client asked for an acknowledgement.
func (c *Ctx) HasAck() bool { return c.ack != nil }

// Ack answers the client's acknowledgement with args. Only the first call
// is sent; without an acknowledgement it does nothing.
func (c *Ctx) Ack(args ...any) {
	if c.ack == nil || c.acked.Swap(true) {
		return
	}
	c.ack(args, nil)
}

// Acked reports whether Ack was called.
func (c *Ctx) Acked() bool { return c.acked.Load() }

// Auth returns the handshake's auth object (the client's auth option).
func (c *Ctx) Auth() map[string]any {
	if h := c.c.sock.Handshake(); h != nil {
		return h.Auth
	}
	return nil
}

// Handshake returns the handshake: headers, query, auth, address, time.
func (c *Ctx) Handshake() *socket.Handshake { return c.c.sock.Handshake() }

// IP returns the client's IP as egg saw it on the request that opened the
// connection (proxy-aware, see egg.HTTPConfig.Proxy), else the socket's
// remote address.
func (c *Ctx) IP() string {
	if info, ok := c.info(); ok {
		return info.ip
	}
	if h := c.c.sock.Handshake(); h != nil {
		return h.Address
	}
	return ""
}

func (c *Ctx) info() (clientInfo, bool) {
	if hc := c.c.sock.Request(); hc != nil && hc.Request() != nil {
		info, ok := hc.Request().Context().Value(clientInfoKey{}).(clientInfo)
		return info, ok
	}
	return clientInfo{}, false
}

// Set stores a value on the socket, seen by every later middleware and
// handler of this socket in this namespace (an auth middleware's user).
func (c *Ctx) Set(key, value any) { c.c.set(key, value) }

// Get returns a value stored with Set.
func (c *Ctx) Get(key any) (any, bool) { return c.c.get(key) }

// SetData sets the socket's data, which FetchSockets returns on every
// instance (socket.data); keep it JSON-encodable.
func (c *Ctx) SetData(v any) { c.c.sock.SetData(v) }

// DisconnectReason is why the socket disconnected ("client namespace
// disconnect", "transport close", "ping timeout", "server shutting down",
// ...), for a connection middleware's code after next(); "" before.
func (c *Ctx) DisconnectReason() string { return c.c.disconnectReason() }

// Logger returns the app's logger with the socket's id and namespace (and
// the event, in a handler) on every line.
func (c *Ctx) Logger() *slog.Logger {
	if c.log == nil {
		attrs := []any{slog.String("id", c.ID()), slog.String("nsp", c.c.nsp.name)}
		if c.event != "" {
			attrs = append(attrs, slog.String("event", egg.Clip(c.event)))
		}
		c.log = c.c.nsp.srv.log.With(slog.Group("socket", attrs...))
	}
	return c.log
}

// Egg returns an anonymous egg context made for this event (Egg's
// createAnonymousContext), with its own scope of request-scoped services:
// egg.Use[*UserService](c.Egg()). It is made on first use; nil when the
// server was built without an app.
func (c *Ctx) Egg() *egg.Ctx {
	if c.egg == nil && c.App() != nil {
		c.egg = c.App().NewContext(c)
	}
	return c.egg
}

// Join adds the socket to rooms.
func (c *Ctx) Join(rooms ...string) { c.c.sock.Join(toRooms(rooms)...) }

// Leave removes the socket from a room.
func (c *Ctx) Leave(room string) { c.c.sock.Leave(socket.Room(room)) }

// Rooms lists the rooms the socket is in, its own room included.
func (c *Ctx) Rooms() []string {
	rs := c.c.sock.Rooms()
	if rs == nil {
		return nil
	}
	out := make([]string, 0, rs.Len())
	for _, r := range rs.Keys() {
		out = append(out, string(r))
	}
	return out
}

// To targets rooms for a broadcast that leaves this socket out (socket.to).
func (c *Ctx) To(rooms ...string) *Broadcast { return c.broadcast().To(rooms...) }

// Except leaves the sockets in rooms (and this socket) out of a broadcast.
func (c *Ctx) Except(rooms ...string) *Broadcast { return c.broadcast().Except(rooms...) }

// Broadcast targets every other socket of the namespace (socket.broadcast).
func (c *Ctx) Broadcast() *Broadcast { return c.broadcast() }

func (c *Ctx) broadcast() *Broadcast {
	return &Broadcast{adapter: c.c.nsp.Raw().Adapter(), except: []socket.Room{socket.Room(c.ID())}, srv: c.c.nsp.srv}
}

// Emit sends an event to this socket.
func (c *Ctx) Emit(event string, args ...any) error { return c.c.sock.Emit(event, args...) }

// EmitWithAck sends an event to this socket and waits for its
// acknowledgement, up to ctx's deadline or Config.AckTimeout, whichever
// comes first.
func (c *Ctx) EmitWithAck(ctx context.Context, event string, args ...any) ([]any, error) {
	timeout := ackTimeout(ctx, c.c.nsp.srv.cfg.AckTimeout)
	type result struct {
		v   []any
		err error
	}
	ch := make(chan result, 1)
	err := c.c.sock.Timeout(timeout).Emit(event, append(args, socket.Ack(func(v []any, err error) {
		select {
		case ch <- result{v, err}:
		default:
		}
	}))...)
	if err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("socketio: socket %s did not acknowledge %q within %s: %w", c.ID(), egg.Clip(event), timeout, r.err)
		}
		return r.v, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.Done():
		return nil, fmt.Errorf("socketio: socket %s disconnected before acknowledging %q", c.ID(), egg.Clip(event))
	}
}

// Disconnect disconnects the socket from the namespace; close also closes
// its underlying connection (and so its other namespaces).
func (c *Ctx) Disconnect(close bool) { c.c.sock.Disconnect(close) }

// ackTimeout is def, or less when ctx ends sooner.
func ackTimeout(ctx context.Context, def time.Duration) time.Duration {
	if d, ok := ctx.Deadline(); ok {
		if left := time.Until(d); left < def {
			return max(left, time.Millisecond)
		}
	}
	return def
}

func toRooms(rooms []string) []socket.Room {
	out := make([]socket.Room, len(rooms))
	for i, r := range rooms {
		out[i] = socket.Room(r)
	}
	return out
}
