package redisadapter

import (
	"sync"
	"time"

	"github.com/zishang520/socket.io/servers/socket/v3"
)

// onRequest answers another instance's request (requests this instance
// sent come back too, and are skipped).
func (a *adapter) onRequest(payload []byte) {
	m, err := decode(payload)
	if err != nil {
		a.b.log.Debug("redisadapter: ignoring a malformed request", "err", err)
		return
	}
	uid, _ := m["uid"].(string)
	id, _ := m["requestId"].(string)
	typ, _ := toInt(m["type"])
	own := uid == a.uid
	switch typ {
	case typeSockets:
		if own {
			return
		}
		ids := a.Sockets(roomSet(m["rooms"]))
		out := make([]string, 0, ids.Len())
		for _, s := range ids.Keys() {
			out = append(out, string(s))
		}
		a.respond(uid, map[string]any{"requestId": id, "sockets": out})
	case typeAllRooms:
		if own {
			return
		}
		a.respond(uid, map[string]any{"requestId": id, "rooms": roomNames(a.Rooms().Keys())})
	case typeRemoteJoin, typeRemoteLeave, typeRemoteDisconnect:
		if own {
			return // applied here when it was sent
		}
		a.onRemoteOp(typ, uid, id, m)
	case typeRemoteFetch:
		if own {
			return
		}
		var local []socket.SocketDetails
		a.Adapter.FetchSockets(optsFromWire(m["opts"]))(func(s []socket.SocketDetails, _ error) { local = s })
		list := make([]map[string]any, 0, len(local))
		for _, s := range local {
			list = append(list, socketToWire(s))
		}
		a.respond(uid, map[string]any{"requestId": id, "sockets": list})
	case typeServerSideEmit:
		if own {
			return
		}
		data, _ := m["data"].([]any)
		if len(data) == 0 {
			return
		}
		if id != "" {
			var once sync.Once
			data = append(data, socket.Ack(func(args []any, _ error) {
				once.Do(func() {
					var v any
					if len(args) > 0 {
						v = args[0]
					}
					a.publishJSON(a.respChannel, map[string]any{"type": typeServerSideEmit, "requestId": id, "data": v})
				})
			}))
		}
		// application listeners may block: keep the subscriber reading
		go a.nsp.OnServerSideEmit(data)
	case typeBroadcast:
		a.mu.Lock()
		_, mine := a.ackRequests[id]
		a.mu.Unlock()
		if mine || own {
			return // this instance delivered it locally already
		}
		a.onBroadcastWithAck(uid, id, m)
	}
}

// onRemoteOp applies a join, leave or disconnect: to the sockets matching
// opts, or to the one socket sid (then answering the requester).
func (a *adapter) onRemoteOp(typ int64, uid, id string, m map[string]any) {
	if m["opts"] != nil {
		opts := optsFromWire(m["opts"])
		opts.Flags = nil
		rooms := roomSet(m["rooms"]).Keys()
		switch typ {
		case typeRemoteJoin:
			a.Adapter.AddSockets(opts, rooms)
		case typeRemoteLeave:
			a.Adapter.DelSockets(opts, rooms)
		default:
			closeConn, _ := m["close"].(bool)
			a.Adapter.DisconnectSockets(opts, closeConn)
		}
		return
	}
	sid, _ := m["sid"].(string)
	s, ok := a.nsp.Sockets().Load(socket.SocketId(sid))
	if !ok {
		return // another instance holds it, or nobody does
	}
	switch typ {
	case typeRemoteJoin:
		room, _ := m["room"].(string)
		s.Join(socket.Room(room))
	case typeRemoteLeave:
		room, _ := m["room"].(string)
		s.Leave(socket.Room(room))
	default:
		closeConn, _ := m["close"].(bool)
		s.Disconnect(closeConn)
	}
	a.respond(uid, map[string]any{"requestId": id})
}

// onBroadcastWithAck delivers another instance's broadcast with
// acknowledgements to this instance's sockets and reports the client
// count and each answer to it.
func (a *adapter) onBroadcastWithAck(uid, id string, m map[string]any) {
	p, err := packetFromWire(m["packet"])
	if err != nil || p.Nsp != a.nsp.Name() {
		return
	}
	opts := optsFromWire(m["opts"])
	a.Adapter.BroadcastWithAck(p, opts, func(n uint64) {
		a.respond(uid, map[string]any{"type": typeBroadcastClientCount, "requestId": id, "clientCount": n})
	}, func(args []any, _ error) {
		var v any
		if len(args) > 0 {
			v = args[0]
		}
		v, err := normalize(v)
		if err != nil {
			return
		}
		msg, err := encodeMsgpack(map[string]any{"type": typeBroadcastAck, "requestId": id, "packet": v})
		if err == nil {
			a.publish(a.responseChannelFor(uid), msg)
		}
	})
	// the requester stops waiting after the timeout: forget the
	// acknowledgements its clients did not send by then
	if p.Id != nil {
		packetID := *p.Id
		time.AfterFunc(a.ackWindow(opts), func() {
			a.nsp.Sockets().Range(func(_ socket.SocketId, s *socket.Socket) bool {
				s.Acks().Delete(packetID)
				return true
			})
		})
	}
}

// respond answers a request as JSON on the response channel (the
// requester's own with PublishOnSpecificResponseChannel).
func (a *adapter) respond(uid string, body map[string]any) {
	a.publishJSON(a.responseChannelFor(uid), body)
}

func (a *adapter) responseChannelFor(uid string) string {
	if a.b.opts.PublishOnSpecificResponseChannel && uid != "" {
		return a.respChannel + uid + "#"
	}
	return a.respChannel
}
