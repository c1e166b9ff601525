package socketio

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zishang520/socket.io/servers/socket/v3"
)

// Namespace is one Socket.IO namespace ("/", "/chat"): its event routes
// (Egg's app.io.of(nsp).route) and its server-side operations. Get it with
// Server.Of; it is usable before Start (to add routes) and after.
type Namespace struct {
	srv  *Server
	name string

	mu       sync.RWMutex
	routes   map[string]Handler
	connMW   []func(*Ctx, func() error) error
	packetMW []func(*Ctx, func() error) error
	raw      socket.Namespace
	conns    sync.Map // socket.SocketId → *conn
}

func newNamespace(s *Server, name string) *Namespace {
	return &Namespace{srv: s, name: name, routes: map[string]Handler{}}
}

// Name returns the namespace's name, e.g. "/chat".
func (n *Namespace) Name() string { return n.name }

// Route sends the event to h (Egg's route(event, controller.action)).
// Events with no route reach listeners added on the raw socket, if any.
// Routing an event twice replaces the first handler.
func (n *Namespace) Route(event string, h Handler) *Namespace {
	if event == "" || h == nil {
		panic(fmt.Sprintf("socketio: Route on namespace %q needs an event name and a handler", n.name))
	}
	if reserved[event] {
		panic(fmt.Sprintf("socketio: %q is a reserved event name and cannot be routed; use a connection middleware for connect and disconnect", event))
	}
	n.mu.Lock()
	n.routes[event] = h
	n.mu.Unlock()
	return n
}

// reserved are the events socket.io itself emits on a socket.
var reserved = map[string]bool{"connect": true, "connect_error": true, "disconnect": true, "disconnecting": true, "newListener": true, "removeListener": true}

func (n *Namespace) route(event string) Handler {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.routes[event]
}

// Raw returns the library's namespace, nil before Start.
func (n *Namespace) Raw() socket.Namespace {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.raw
}

// errNotStarted is returned by operations of a namespace whose server has
// not started.
var errNotStarted = errors.New("socketio: the server has not started; call this after the app is ready (Server.Start)")

// broadcast targets every socket of the namespace, or fails before Start.
func (n *Namespace) broadcast() *Broadcast {
	raw := n.Raw()
	if raw == nil {
		return &Broadcast{err: errNotStarted, srv: n.srv}
	}
	return &Broadcast{adapter: raw.Adapter(), srv: n.srv}
}

// To targets rooms: the sockets in any of them, on every instance.
func (n *Namespace) To(rooms ...string) *Broadcast { return n.broadcast().To(rooms...) }

// In is To (socket.io's in).
func (n *Namespace) In(rooms ...string) *Broadcast { return n.To(rooms...) }

// Except leaves out the sockets in any of the rooms.
func (n *Namespace) Except(rooms ...string) *Broadcast { return n.broadcast().Except(rooms...) }

// Local limits the next operation to this instance.
func (n *Namespace) Local() *Broadcast { return n.broadcast().Local() }

// Emit sends an event to every socket of the namespace, on every instance.
func (n *Namespace) Emit(event string, args ...any) error { return n.broadcast().Emit(event, args...) }

// FetchSockets returns the namespace's sockets on every instance.
func (n *Namespace) FetchSockets(ctx context.Context) ([]*socket.RemoteSocket, error) {
	return n.broadcast().FetchSockets(ctx)
}

// Members counts the sockets in room across every instance.
func (n *Namespace) Members(ctx context.Context, room string) (int, error) {
	ss, err := n.To(room).FetchSockets(ctx)
	return len(ss), err
}

// DisconnectSockets disconnects every socket of the namespace, on every
// instance; close also closes their underlying connections.
func (n *Namespace) DisconnectSockets(close bool) error {
	return n.broadcast().DisconnectSockets(close)
}

// ServerSideEmit sends an event to the other instances' same namespace
// (their OnServerSideEmit listeners); this instance does not receive it.
func (n *Namespace) ServerSideEmit(event string, args ...any) error {
	raw := n.Raw()
	if raw == nil {
		return errNotStarted
	}
	return raw.ServerSideEmit(event, args...)
}

// ServerSideEmitWithAck sends an event to the other instances and waits
// for each one's answer, up to ctx's deadline or Config.RequestsTimeout.
// An instance that does not answer (gone, or slow) makes it return the
// answers that came with an error.
func (n *Namespace) ServerSideEmitWithAck(ctx context.Context, event string, args ...any) ([]any, error) {
	raw := n.Raw()
	if raw == nil {
		return nil, errNotStarted
	}
	type result struct {
		v   []any
		err error
	}
	ch := make(chan result, 1)
	err := raw.ServerSideEmit(event, append(args, socket.Ack(func(v []any, err error) {
		select {
		case ch <- result{v, err}:
		default:
		}
	}))...)
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(n.srv.cfg.RequestsTimeout + time.Second) // the adapter times out first
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, fmt.Errorf("socketio: serverSideEmit %q got no answer within %s", event, n.srv.cfg.RequestsTimeout)
	}
}

// OnServerSideEmit listens for an event another instance sent with
// ServerSideEmit. When the sender waits for answers, ack is non-nil: call
// it once with this instance's answer.
func (n *Namespace) OnServerSideEmit(event string, fn func(args []any, ack func(any))) error {
	raw := n.Raw()
	if raw == nil {
		return errNotStarted
	}
	return raw.On(event, func(args ...any) {
		var ack func(any)
		if len(args) > 0 {
			if a, ok := args[len(args)-1].(socket.Ack); ok {
				args = args[:len(args)-1]
				ack = func(v any) { a([]any{v}, nil) }
			}
		}
		defer func() {
			if r := recover(); r != nil {
				n.srv.log.Error("socketio: OnServerSideEmit listener panicked", "nsp", n.name, "event", event, "panic", r)
			}
		}()
		fn(args, ack)
	})
}

// remoteOps are the adapter's cross-instance requests that socket.io's
// Adapter interface lacks.
type remoteOps interface {
	RemoteDisconnect(ctx context.Context, id socket.SocketId, close bool) error
	AllRooms(ctx context.Context) ([]socket.Room, error)
}

// ErrNoSocket is returned by RemoteDisconnect for a socket id no instance
// knows.
var ErrNoSocket = errors.New("socketio: no socket with this id")

// RemoteDisconnect disconnects the socket with this id, on whichever
// instance holds it (the seed's adapter.remoteDisconnect(id, close)); close
// also closes its underlying connection. Without the Redis adapter only
// this instance is searched. With it, an instance that does not answer
// within Config.RequestsTimeout makes it fail with a timeout.
func (n *Namespace) RemoteDisconnect(ctx context.Context, id string, close bool) error {
	raw := n.Raw()
	if raw == nil {
		return errNotStarted
	}
	if s, ok := raw.Sockets().Load(socket.SocketId(id)); ok {
		s.Disconnect(close)
		return nil
	}
	if r, ok := raw.Adapter().(remoteOps); ok {
		return r.RemoteDisconnect(ctx, socket.SocketId(id), close)
	}
	return fmt.Errorf("%w %q in namespace %q", ErrNoSocket, id, n.name)
}

// AllRooms lists the rooms of the namespace on every instance (each
// socket's own room included).
func (n *Namespace) AllRooms(ctx context.Context) ([]string, error) {
	raw := n.Raw()
	if raw == nil {
		return nil, errNotStarted
	}
	var rooms []socket.Room
	if r, ok := raw.Adapter().(remoteOps); ok {
		var err error
		if rooms, err = r.AllRooms(ctx); err != nil {
			return nil, err
		}
	} else {
		rooms = raw.Adapter().Rooms().Keys()
	}
	out := make([]string, len(rooms))
	for i, r := range rooms {
		out[i] = string(r)
	}
	return out, nil
}
