package socketio

import (
	"context"
	"fmt"
	"time"

	"github.com/egg-go/egg"
	"github.com/zishang520/socket.io/servers/socket/v3"
)

// Broadcast is a set of sockets to emit to or act on, across every
// instance: a namespace, narrowed with To and Except. Each method returns
// a new Broadcast, so one can be kept and reused.
type Broadcast struct {
	op  *socket.BroadcastOperator
	err error
	srv *Server
}

func (b *Broadcast) with(op *socket.BroadcastOperator) *Broadcast {
	if b.err != nil {
		return b
	}
	return &Broadcast{op: op, srv: b.srv}
}

// To narrows to the sockets in any of the rooms.
func (b *Broadcast) To(rooms ...string) *Broadcast {
	if b.err != nil {
		return b
	}
	return b.with(b.op.To(toRooms(rooms)...))
}

// Except leaves out the sockets in any of the rooms.
func (b *Broadcast) Except(rooms ...string) *Broadcast {
	if b.err != nil {
		return b
	}
	return b.with(b.op.Except(toRooms(rooms)...))
}

// Local limits the next operation to this instance.
func (b *Broadcast) Local() *Broadcast {
	if b.err != nil {
		return b
	}
	return b.with(b.op.Local())
}

// Volatile lets the event be lost for clients that are not ready for it.
func (b *Broadcast) Volatile() *Broadcast {
	if b.err != nil {
		return b
	}
	return b.with(b.op.Volatile())
}

// Emit sends an event to every targeted socket, once each.
func (b *Broadcast) Emit(event string, args ...any) error {
	if b.err != nil {
		return b.err
	}
	return b.op.Emit(event, args...)
}

// EmitWithAck sends an event to every targeted socket and waits for each
// one's acknowledgement (the first argument of each), up to ctx's
// deadline or Config.AckTimeout. When some sockets do not answer in time
// it returns the answers that came and an error.
func (b *Broadcast) EmitWithAck(ctx context.Context, event string, args ...any) ([]any, error) {
	if b.err != nil {
		return nil, b.err
	}
	timeout := ackTimeout(ctx, b.srv.cfg.AckTimeout)
	type result struct {
		v   []any
		err error
	}
	ch := make(chan result, 1)
	err := b.op.Timeout(timeout).Emit(event, append(args, socket.Ack(func(v []any, err error) {
		select {
		case ch <- result{v, err}:
		default:
		}
	}))...)
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(timeout + time.Second) // the operator times out first
	defer t.Stop()
	select {
	case r := <-ch:
		if r.err != nil {
			return r.v, fmt.Errorf("socketio: not every socket acknowledged %q within %s (%d answers): %w", egg.Clip(event), timeout, len(r.v), r.err)
		}
		return r.v, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, fmt.Errorf("socketio: broadcast of %q with acknowledgements did not complete within %s", egg.Clip(event), timeout)
	}
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
	go b.op.FetchSockets()(func(v []*socket.RemoteSocket, err error) {
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
	b.op.SocketsJoin(toRooms(rooms)...)
	return nil
}

// SocketsLeave makes the targeted sockets, on every instance, leave rooms.
func (b *Broadcast) SocketsLeave(rooms ...string) error {
	if b.err != nil {
		return b.err
	}
	b.op.SocketsLeave(toRooms(rooms)...)
	return nil
}

// DisconnectSockets disconnects the targeted sockets on every instance;
// close also closes their underlying connections.
func (b *Broadcast) DisconnectSockets(close bool) error {
	if b.err != nil {
		return b.err
	}
	b.op.DisconnectSockets(close)
	return nil
}
