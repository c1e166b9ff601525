package redisadapter

import "testing"

// FuzzDecode feeds what another instance (or anyone who can publish to
// Redis) may send: the decoders and the packet and options readers must
// return an error or a value, never panic or hang.
func FuzzDecode(f *testing.F) {
	f.Add(nodeBroadcast)
	f.Add([]byte(`{"uid":"u","requestId":"r","type":5,"opts":{"rooms":["x"],"except":[]}}`))
	f.Add([]byte(`{"requestId":"r","sockets":[{"id":"s","handshake":{"auth":{}},"rooms":["s"],"data":null}]}`))
	f.Add(mustMsgpack(map[string]any{"uid": "u", "requestId": "r", "type": 7, "packet": map[string]any{"type": 2, "data": []any{"e"}, "nsp": "/"}, "opts": map[string]any{"rooms": []any{}, "except": []any{}, "flags": map[string]any{"timeout": 100}}}))
	f.Add([]byte{0xdd, 0xff, 0xff, 0xff, 0xff})       // an array claiming 4 billion elements
	f.Add([]byte{0xdf, 0xff, 0xff, 0xff, 0xff})       // a map claiming as many
	f.Add([]byte{0xc9, 0xff, 0xff, 0xff, 0xff, 0x00}) // an extension claiming 4 GB
	f.Add([]byte{0xc6, 0xff, 0xff, 0xff, 0xff})       // binary claiming 4 GB
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, err := decodeMsgpack(b); err == nil {
			if msg, ok := v.([]any); ok && len(msg) >= 3 {
				if p, err := packetFromWire(msg[1]); err == nil && p == nil {
					t.Fatal("nil packet without an error")
				}
				_ = optsFromWire(msg[2])
			}
		}
		if m, err := decode(b); err == nil {
			_ = optsFromWire(m["opts"])
			_ = roomSet(m["rooms"])
			if list, ok := m["sockets"].([]any); ok {
				for _, s := range list {
					_ = remoteFromWire(s)
				}
			}
		}
	})
}
