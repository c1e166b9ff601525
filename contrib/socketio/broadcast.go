package socketio

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/egg-go/egg"
	"github.com/zishang520/socket.io/parsers/socket/v3/parser"
	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"
)

// Broadcast is a set of sockets to emit to or act on, across every
// instance: a namespace, narrowed with To and Except. Each method returns
// a new Broadcast, so one can be kept and reused.
type Broadcast struct {
	adapter  socket.Adapter
	rooms    []socket.Room
	except   []socket.Room
	local    bool
	volatile bool
	err      error
	srv      *Server
}

func (b *Broadcast) clone() *Broadcast {
	c := *b
	c.rooms, c.except = slices.Clone(b.rooms), slices.Clone(b.except)
	return &c
}

// To narrows to the sockets in any of the rooms.
func (b *Broadcast) To(rooms ...string) *Broadcast {
	c := b.clone()
	c.rooms = append(c.rooms, toRooms(rooms)...)
	return c
}

// In is To (socket.io's in).
func (b *Broadcast) In(rooms ...string) *Broadcast { return b.To(rooms...) }

// Except leaves out the sockets in any of the rooms.
func (b *Broadcast) Except(rooms ...string) *Broadcast {
	c := b.clone()
	c.except = append(c.except, toRooms(rooms)...)
	return c
}

// Local limits the next operation to this instance.
func (b *Broadcast) Local() *Broadcast {
	c := b.clone()
	c.local = true
	return c
}

// Volatile lets the event be lost for clients that are not ready for it.
func (b *Broadcast) Volatile() *Broadcast {
	c := b.clone()
	c.volatile = true
	return c
}

func (b *Broadcast) flags() *socket.BroadcastFlags {
	f := &socket.BroadcastFlags{Local: b.local}
	f.Volatile = b.volatile
	return f
}

// op is the library's operator for the same sockets.
func (b *Broadcast) op() *socket.BroadcastOperator {
	return socket.NewBroadcastOperator(b.adapter, types.NewSet(b.rooms...), types.NewSet(b.except...), b.flags())
}

func (b *Broadcast) options(f *socket.BroadcastFlags) *socket.BroadcastOptions {
	return &socket.BroadcastOptions{Rooms: types.NewSet(b.rooms...), Except: types.NewSet(b.except...), Flags: f}
}

// Emit sends an event to every targeted socket, once each.
func (b *Broadcast) Emit(event string, args ...any) error {
	if b.err != nil {
		return b.err
	}
	return b.op().Emit(event, args...)
}

// EmitWithAck sends an event to every targeted socket, on every instance,
// and waits for each one's acknowledgement (its first argument), up to
// ctx's deadline or Config.AckTimeout. When some sockets do not answer in
// time it returns the answers that came with an error.
func (b *Broadcast) EmitWithAck(ctx context.Context, event string, args ...any) ([]any, error) {
	if b.err != nil {
		return nil, b.err
	}
	if reserved[event] {
		return nil, fmt.Errorf("socketio: %q is a reserved event name", event)
	}
	timeout := ackTimeout(ctx, b.srv.cfg.AckTimeout)
	w := &ackWait{done: make(chan struct{}), servers: -1}
	packet := &parser.Packet{Type: parser.EVENT, Data: append([]any{event}, args...)}
	f := b.flags()
	f.Timeout = &timeout
	// The library's operator reads the packet id from its timer while the
	// adapter writes it; done here, the id is read after the adapter
	// returns.
	b.adapter.BroadcastWithAck(packet, b.options(f), w.clientCount, func(v []any, _ error) {
		var first any
		if len(v) > 0 {
			first = v[0]
		}
		w.answer(first)
	})
	w.expect(b.adapter.ServerCount())
	var id uint64
	if packet.Id != nil {
		id = *packet.Id
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	var err error
	select {
	case <-w.done:
	case <-ctx.Done():
		err = ctx.Err()
	case <-t.C:
		err = fmt.Errorf("socketio: not every socket acknowledged %q within %s", egg.Clip(event), timeout)
	}
	if err != nil && packet.Id != nil { // forget the answers still owed here
		b.adapter.Nsp().Sockets().Range(func(_ socket.SocketId, s *socket.Socket) bool {
			s.Acks().Delete(id)
			return true
		})
	}
	return w.result(), err
}

// ackWait gathers the acknowledgements of a broadcast: each instance
// reports how many clients it reached, each client answers once; it is
// done when every instance reported and every reached client answered.
type ackWait struct {
	mu       sync.Mutex
	servers  int64 // instances expected, -1 until known
	reported int64
	clients  uint64
	answers  []any
	done     chan struct{}
	closed   bool
}

func (w *ackWait) clientCount(n uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reported++
	w.clients += n
	w.check()
}

func (w *ackWait) answer(v any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.answers = append(w.answers, v)
	w.check()
}

func (w *ackWait) expect(servers int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.servers = servers
	w.check()
}

func (w *ackWait) check() {
	if !w.closed && w.servers >= 0 && w.reported >= w.servers && uint64(len(w.answers)) >= w.clients {
		w.closed = true
		close(w.done)
	}
}

func (w *ackWait) result() []any {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return slices.Clone(w.answers)
}

// FetchSockets returns the targeted sockets on every instance: id,
// handshake, rooms and data. With the Redis adapter an instance that does
// not answer within Config.RequestsTimeout makes it return the sockets
// found and an error.
func (b *Broadcast) FetchSockets(ctx context.Context) ([]*socket.RemoteSocket, error) {
	if b.err != nil {
		return nil, b.err
	}
	type result struct {
		v   []*socket.RemoteSocket
		err error
	}
	ch := make(chan result, 1)
	op := b.op()
	go op.FetchSockets()(func(v []*socket.RemoteSocket, err error) {
		select {
		case ch <- result{v, err}:
		default:
		}
	})
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// SocketsJoin makes the targeted sockets, on every instance, join rooms.
func (b *Broadcast) SocketsJoin(rooms ...string) error {
	if b.err != nil {
		return b.err
	}
	b.op().SocketsJoin(toRooms(rooms)...)
	return nil
}

// SocketsLeave makes the targeted sockets, on every instance, leave rooms.
func (b *Broadcast) SocketsLeave(rooms ...string) error {
	if b.err != nil {
		return b.err
	}
	b.op().SocketsLeave(toRooms(rooms)...)
	return nil
}

// DisconnectSockets disconnects the targeted sockets on every instance;
// close also closes their underlying connections.
func (b *Broadcast) DisconnectSockets(close bool) error {
	if b.err != nil {
		return b.err
	}
	b.op().DisconnectSockets(close)
	return nil
}
