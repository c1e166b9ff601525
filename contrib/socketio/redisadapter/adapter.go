package redisadapter

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/zishang520/socket.io/parsers/socket/v3/parser"
	"github.com/zishang520/socket.io/servers/socket/v3"
)

// adapter is one namespace's adapter: the library's in-memory adapter for
// this instance's sockets, plus Redis for the others.
type adapter struct {
	socket.Adapter // this instance's rooms and sockets

	b                   *Builder
	nsp                 socket.Namespace
	uid                 string
	channel             string // "<key>#<nsp>#"
	reqChannel          string
	respChannel         string
	specificRespChannel string

	mu          sync.Mutex
	requests    map[string]*request
	ackRequests map[string]*ackRequest
}

// ackRequest is a broadcast with acknowledgements this instance sent.
type ackRequest struct {
	clientCount func(uint64)
	ack         socket.Ack
}

func newAdapter(b *Builder, nsp socket.Namespace) *adapter {
	a := &adapter{
		Adapter: socket.MakeAdapter(), b: b, nsp: nsp, uid: randomID(6),
		requests: map[string]*request{}, ackRequests: map[string]*ackRequest{},
	}
	a.Prototype(a)
	a.Construct(nsp)
	key := b.opts.Key
	a.channel = key + "#" + nsp.Name() + "#"
	a.reqChannel = key + "-request#" + nsp.Name() + "#"
	a.respChannel = key + "-response#" + nsp.Name() + "#"
	a.specificRespChannel = a.respChannel + a.uid + "#"
	return a
}

// Init subscribes the namespace's channels (called by the server).
func (a *adapter) Init() { a.b.subscribe(a) }

// Close unsubscribes them and fails the requests still waiting.
func (a *adapter) Close() {
	a.b.unsubscribe(a)
	a.mu.Lock()
	for id, r := range a.requests {
		r.fail(errClosed)
		delete(a.requests, id)
	}
	clear(a.ackRequests)
	a.mu.Unlock()
}

// ServerCount is the number of instances serving the namespace: the
// subscribers of its request channel (PUBSUB NUMSUB), at least 1.
func (a *adapter) ServerCount() int64 {
	ctx, cancel := context.WithTimeout(a.b.ctx, a.b.opts.RequestsTimeout)
	defer cancel()
	n, err := a.b.client.PubSubNumSub(ctx, a.reqChannel).Result()
	if err != nil {
		a.b.log.Warn("redisadapter: PUBSUB NUMSUB failed; counting this instance only", "nsp", a.nsp.Name(), "err", err)
		return 1
	}
	return max(n[a.reqChannel], 1)
}

// publish sends a message, logging a failure (socket.io's adapter API has
// no error to return it through).
func (a *adapter) publish(channel string, payload []byte) bool {
	ctx, cancel := context.WithTimeout(a.b.ctx, a.b.opts.RequestsTimeout)
	defer cancel()
	if err := a.b.client.Publish(ctx, channel, payload).Err(); err != nil {
		a.b.log.Error("redisadapter: publishing to Redis failed; other instances miss this message", "channel", channel, "err", err)
		return false
	}
	return true
}

func (a *adapter) publishJSON(channel string, v any) bool {
	b, err := json.Marshal(v)
	if err != nil {
		a.b.log.Error("redisadapter: cannot encode a message for other instances", "err", err)
		return false
	}
	return a.publish(channel, b)
}

// Broadcast publishes the packet for the other instances (unless Local)
// and delivers it to this instance's sockets.
func (a *adapter) Broadcast(p *parser.Packet, opts *socket.BroadcastOptions) {
	if opts == nil {
		opts = &socket.BroadcastOptions{}
	}
	if opts.Flags == nil || !opts.Flags.Local {
		p.Nsp = a.nsp.Name()
		if wire, err := packetToWire(p); err != nil {
			a.b.log.Error(err.Error())
		} else if msg, err := encodeMsgpack([]any{a.uid, wire, optsToWire(opts)}); err != nil {
			a.b.log.Error("redisadapter: cannot encode a broadcast", "err", err)
		} else {
			channel := a.channel
			if opts.Rooms != nil && opts.Rooms.Len() == 1 {
				channel += string(opts.Rooms.Keys()[0]) + "#"
			}
			a.publish(channel, msg)
		}
	}
	a.Adapter.Broadcast(p, opts)
}

// BroadcastWithAck asks the other instances (unless Local) to deliver the
// packet with acknowledgements and report their client counts and each
// client's answer, and delivers it here. Each client is reached once: the
// request carries this instance's uid and request id, and this instance
// skips its own request when it comes back.
func (a *adapter) BroadcastWithAck(p *parser.Packet, opts *socket.BroadcastOptions, clientCount func(uint64), ack socket.Ack) {
	if opts == nil {
		opts = &socket.BroadcastOptions{}
	}
	var msg []byte
	var requestID string
	if opts.Flags == nil || !opts.Flags.Local {
		p.Nsp = a.nsp.Name()
		requestID = randomID(6)
		wire, err := packetToWire(p) // before the local delivery gives it an id
		if err == nil {
			msg, err = encodeMsgpack(map[string]any{
				"uid": a.uid, "requestId": requestID, "type": typeBroadcast,
				"packet": wire, "opts": optsToWire(opts),
			})
		}
		if err != nil {
			a.b.log.Error("redisadapter: cannot encode a broadcast with acknowledgements", "err", err)
			msg = nil
		} else {
			a.mu.Lock()
			a.ackRequests[requestID] = &ackRequest{clientCount: clientCount, ack: ack}
			a.mu.Unlock()
		}
	}
	a.Adapter.BroadcastWithAck(p, opts, clientCount, ack)
	if msg == nil {
		return
	}
	// late answers are dropped once the broadcast has timed out
	time.AfterFunc(a.ackWindow(opts), func() {
		a.mu.Lock()
		delete(a.ackRequests, requestID)
		a.mu.Unlock()
	})
	a.publish(a.reqChannel, msg)
}

// ackWindow is how long acknowledgements of a broadcast are awaited.
func (a *adapter) ackWindow(opts *socket.BroadcastOptions) time.Duration {
	if opts.Flags != nil && opts.Flags.Timeout != nil && *opts.Flags.Timeout > 0 {
		return *opts.Flags.Timeout
	}
	return a.b.opts.RequestsTimeout
}

// AddSockets makes the matching sockets join rooms here and, unless
// Local, on the other instances.
func (a *adapter) AddSockets(opts *socket.BroadcastOptions, rooms []socket.Room) {
	a.Adapter.AddSockets(opts, rooms)
	if opts.Flags == nil || !opts.Flags.Local {
		a.publishJSON(a.reqChannel, map[string]any{"uid": a.uid, "type": typeRemoteJoin,
			"opts": wireRoomsOnly(opts), "rooms": roomNames(rooms)})
	}
}

// DelSockets makes the matching sockets leave rooms here and, unless
// Local, on the other instances.
func (a *adapter) DelSockets(opts *socket.BroadcastOptions, rooms []socket.Room) {
	a.Adapter.DelSockets(opts, rooms)
	if opts.Flags == nil || !opts.Flags.Local {
		a.publishJSON(a.reqChannel, map[string]any{"uid": a.uid, "type": typeRemoteLeave,
			"opts": wireRoomsOnly(opts), "rooms": roomNames(rooms)})
	}
}

// DisconnectSockets disconnects the matching sockets here and, unless
// Local, on the other instances.
func (a *adapter) DisconnectSockets(opts *socket.BroadcastOptions, close bool) {
	a.Adapter.DisconnectSockets(opts, close)
	if opts.Flags == nil || !opts.Flags.Local {
		a.publishJSON(a.reqChannel, map[string]any{"uid": a.uid, "type": typeRemoteDisconnect,
			"opts": wireRoomsOnly(opts), "close": close})
	}
}

func wireRoomsOnly(opts *socket.BroadcastOptions) map[string]any {
	w := optsToWire(opts)
	delete(w, "flags")
	return w
}

func roomNames(rooms []socket.Room) []string {
	out := make([]string, len(rooms))
	for i, r := range rooms {
		out[i] = string(r)
	}
	return out
}

// onMessage routes a message from the subscriber connection.
func (a *adapter) onMessage(m *redis.Message) {
	payload := []byte(m.Payload)
	switch {
	case m.Pattern != "":
		a.onBroadcast(m.Channel, payload)
	case strings.HasPrefix(m.Channel, a.respChannel):
		a.onResponse(payload)
	case m.Channel == a.reqChannel:
		a.onRequest(payload)
	}
}

// onBroadcast delivers another instance's broadcast to this instance's
// sockets.
func (a *adapter) onBroadcast(channel string, payload []byte) {
	if !strings.HasPrefix(channel, a.channel) || !strings.HasSuffix(channel, "#") {
		return
	}
	room := strings.TrimSuffix(channel[len(a.channel):], "#")
	if room != "" {
		if _, ok := a.Rooms().Load(socket.Room(room)); !ok {
			return // nobody here is in the room
		}
	}
	v, err := decodeMsgpack(payload)
	msg, ok := v.([]any)
	if err != nil || !ok || len(msg) < 3 {
		a.b.log.Warn("redisadapter: ignoring a malformed broadcast", "channel", channel)
		return
	}
	if uid, _ := msg[0].(string); uid == a.uid {
		return
	}
	p, err := packetFromWire(msg[1])
	if err != nil || p.Nsp != a.nsp.Name() {
		return
	}
	a.Adapter.Broadcast(p, optsFromWire(msg[2]))
}

// randomID returns n random characters from [0-9A-Za-z].
func randomID(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
