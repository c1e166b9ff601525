package redisadapter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"
)

// ErrTimeout is wrapped by every request that did not get all its answers
// in time (an instance is gone or too slow).
var ErrTimeout = errors.New("redisadapter: timeout reached while waiting for other instances")

var errClosed = errors.New("redisadapter: adapter closed")

// request is one request to the other instances, waiting for answers.
type request struct {
	typ      int
	numSub   int64 // instances expected to answer, this one included
	msgCount int64 // answers so far, this instance's counted

	mu        sync.Mutex
	sockets   []socket.SocketDetails
	rooms     map[socket.Room]struct{}
	responses []any
	done      chan struct{}
	err       error
	finished  bool
}

func newRequest(typ int, numSub int64) *request {
	return &request{typ: typ, numSub: numSub, msgCount: 1, done: make(chan struct{}), rooms: map[socket.Room]struct{}{}}
}

func (r *request) finish(err error) {
	if !r.finished {
		r.finished, r.err = true, err
		close(r.done)
	}
}

func (r *request) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finish(err)
}

// ask publishes a request and waits for its answers, up to
// RequestsTimeout or ctx's end.
func (a *adapter) ask(ctx context.Context, id string, r *request, body map[string]any, what string) error {
	a.mu.Lock()
	a.requests[id] = r
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.requests, id)
		a.mu.Unlock()
	}()
	if !a.publishJSON(a.reqChannel, body) {
		return fmt.Errorf("redisadapter: %s: cannot publish the request to Redis", what)
	}
	t := time.NewTimer(a.b.opts.RequestsTimeout)
	defer t.Stop()
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		r.mu.Lock()
		got, want := r.msgCount-1, r.numSub-1
		r.finish(fmt.Errorf("%w: %s got %d of %d answers within %s", ErrTimeout, what, got, want, a.b.opts.RequestsTimeout))
		r.mu.Unlock()
		return r.err
	}
}

// FetchSockets returns the matching sockets of every instance. An
// instance that does not answer in time makes it return the sockets
// found with an error wrapping ErrTimeout.
func (a *adapter) FetchSockets(opts *socket.BroadcastOptions) func(func([]socket.SocketDetails, error)) {
	return func(cb func([]socket.SocketDetails, error)) {
		var local []socket.SocketDetails
		a.Adapter.FetchSockets(opts)(func(s []socket.SocketDetails, _ error) { local = s })
		if opts.Flags != nil && opts.Flags.Local {
			cb(local, nil)
			return
		}
		numSub := a.ServerCount()
		if numSub <= 1 {
			cb(local, nil)
			return
		}
		id := randomID(6)
		r := newRequest(typeRemoteFetch, numSub)
		r.sockets = local
		err := a.ask(a.b.ctx, id, r, map[string]any{"uid": a.uid, "requestId": id, "type": typeRemoteFetch,
			"opts": wireRoomsOnly(opts)}, "fetchSockets")
		r.mu.Lock()
		out := r.sockets
		r.mu.Unlock()
		cb(out, err)
	}
}

// AllRooms lists the rooms of every instance.
func (a *adapter) AllRooms(ctx context.Context) ([]socket.Room, error) {
	r := newRequest(typeAllRooms, a.ServerCount())
	for _, room := range a.Rooms().Keys() {
		r.rooms[room] = struct{}{}
	}
	var err error
	if r.numSub > 1 {
		id := randomID(6)
		err = a.ask(ctx, id, r, map[string]any{"uid": a.uid, "requestId": id, "type": typeAllRooms}, "allRooms")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]socket.Room, 0, len(r.rooms))
	for room := range r.rooms {
		out = append(out, room)
	}
	return out, err
}

// RemoteDisconnect disconnects the socket with this id on the instance
// that holds it (the seed's adapter.remoteDisconnect). When no instance
// answers in time (no such socket, or its instance is gone) it fails with
// an error wrapping ErrTimeout.
func (a *adapter) RemoteDisconnect(ctx context.Context, id socket.SocketId, close bool) error {
	if s, ok := a.nsp.Sockets().Load(id); ok {
		s.Disconnect(close)
		return nil
	}
	rid := randomID(6)
	r := newRequest(typeRemoteDisconnect, 2)
	return a.ask(ctx, rid, r, map[string]any{"uid": a.uid, "requestId": rid, "type": typeRemoteDisconnect,
		"sid": string(id), "close": close}, "remoteDisconnect of "+string(id))
}

// ServerSideEmit sends packet (event name first) to the other instances.
// With a socket.Ack last, the answers of every other instance come to it
// (with an error wrapping ErrTimeout when some do not answer in time).
func (a *adapter) ServerSideEmit(packet []any) error {
	if len(packet) == 0 {
		return errors.New("redisadapter: serverSideEmit needs an event name")
	}
	ack, withAck := packet[len(packet)-1].(socket.Ack)
	if !withAck {
		a.publishJSON(a.reqChannel, map[string]any{"uid": a.uid, "type": typeServerSideEmit, "data": packet})
		return nil
	}
	data := packet[:len(packet)-1]
	numSub := a.ServerCount() - 1 // not this instance
	if numSub <= 0 {
		ack([]any{}, nil)
		return nil
	}
	go func() {
		id := randomID(6)
		r := newRequest(typeServerSideEmit, numSub)
		err := a.ask(a.b.ctx, id, r, map[string]any{"uid": a.uid, "requestId": id, "type": typeServerSideEmit, "data": data}, "serverSideEmit")
		r.mu.Lock()
		out := append([]any{}, r.responses...)
		r.mu.Unlock()
		ack(out, err)
	}()
	return nil
}

// onResponse handles an answer to one of this instance's requests.
func (a *adapter) onResponse(payload []byte) {
	m, err := decode(payload)
	if err != nil {
		return
	}
	id, _ := m["requestId"].(string)
	a.mu.Lock()
	ackReq := a.ackRequests[id]
	r := a.requests[id]
	a.mu.Unlock()
	if ackReq != nil {
		switch t, _ := toInt(m["type"]); t {
		case typeBroadcastClientCount:
			if n, ok := toInt(m["clientCount"]); ok && n >= 0 {
				ackReq.clientCount(uint64(n))
			}
		case typeBroadcastAck:
			ackReq.ack([]any{m["packet"]}, nil)
		}
		return
	}
	if r == nil {
		return // not ours, or too late
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	switch r.typ {
	case typeRemoteFetch:
		list, ok := m["sockets"].([]any)
		if !ok {
			return
		}
		r.msgCount++
		for _, s := range list {
			if d := remoteFromWire(s); d != nil {
				r.sockets = append(r.sockets, d)
			}
		}
	case typeAllRooms:
		list, ok := m["rooms"].([]any)
		if !ok {
			return
		}
		r.msgCount++
		for room := range roomSet(list).All() {
			r.rooms[room] = struct{}{}
		}
	case typeRemoteDisconnect, typeRemoteJoin, typeRemoteLeave:
		r.finish(nil)
		return
	case typeServerSideEmit:
		r.responses = append(r.responses, m["data"])
		if int64(len(r.responses)) >= r.numSub {
			r.finish(nil)
		}
		return
	}
	if r.msgCount >= r.numSub {
		r.finish(nil)
	}
}

// remoteSocket is a socket of another instance, as fetchSockets returns it.
type remoteSocket struct {
	id        socket.SocketId
	handshake *socket.Handshake
	rooms     *types.Set[socket.Room]
	data      any
}

// Id, Handshake, Rooms and Data implement socket.SocketDetails.
func (r *remoteSocket) Id() socket.SocketId            { return r.id }
func (r *remoteSocket) Handshake() *socket.Handshake   { return r.handshake }
func (r *remoteSocket) Rooms() *types.Set[socket.Room] { return r.rooms }
func (r *remoteSocket) Data() any                      { return r.data }

func remoteFromWire(v any) socket.SocketDetails {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	id, _ := m["id"].(string)
	if id == "" {
		return nil
	}
	h := &socket.Handshake{}
	if b, err := json.Marshal(m["handshake"]); err == nil {
		_ = json.Unmarshal(b, h) // best effort: another server's handshake may differ in shape
	}
	return &remoteSocket{id: socket.SocketId(id), handshake: h, rooms: roomSet(m["rooms"]), data: m["data"]}
}

// socketToWire is a local socket as a fetchSockets answer carries it.
func socketToWire(s socket.SocketDetails) map[string]any {
	rooms := []string{}
	if rs := s.Rooms(); rs != nil {
		rooms = roomList(rs)
	}
	return map[string]any{"id": string(s.Id()), "handshake": s.Handshake(), "rooms": rooms, "data": s.Data()}
}
