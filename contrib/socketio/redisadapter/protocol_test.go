package redisadapter

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/zishang520/socket.io/parsers/socket/v3/parser"
	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"
)

// notepack writes these bytes for [uid, packet, opts] as @socket.io/redis-adapter
// 8.3 publishes a broadcast (captured from Node: a room broadcast of
// "said" {text: "hi", n: 1.5} with an undefined flag).
var nodeBroadcast = []byte{
	0x93,                // array of 3
	0xa3, 'u', 'i', 'd', // "uid"
	0x83,                           // packet: map of 3
	0xa4, 't', 'y', 'p', 'e', 0x02, // type: 2
	0xa4, 'd', 'a', 't', 'a', 0x92, // data: [
	0xa4, 's', 'a', 'i', 'd', // "said",
	0x82, 0xa4, 't', 'e', 'x', 't', 0xa2, 'h', 'i', // {text: "hi",
	0xa1, 'n', 0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, // n: 1.5}]
	0xa3, 'n', 's', 'p', 0xa5, '/', 'c', 'h', 'a', 't', // nsp: "/chat"
	0x83,                                           // opts: map of 3
	0xa5, 'r', 'o', 'o', 'm', 's', 0x91, 0xa1, 'r', // rooms: ["r"]
	0xa6, 'e', 'x', 'c', 'e', 'p', 't', 0x90, // except: []
	0xa5, 'f', 'l', 'a', 'g', 's', 0x81, // flags: {
	0xa7, 'v', 'o', 'l', 'a', 't', 'i', 'l', 0xd4, 0x00, 0x00, // volatil: undefined}
}

func TestDecodeNodeBroadcast(t *testing.T) {
	v, err := decodeMsgpack(nodeBroadcast)
	if err != nil {
		t.Fatal(err)
	}
	msg := v.([]any)
	if msg[0] != "uid" {
		t.Errorf("uid %v", msg[0])
	}
	p, err := packetFromWire(msg[1])
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != parser.EVENT || p.Nsp != "/chat" {
		t.Errorf("packet %+v", p)
	}
	if got, _ := json.Marshal(p.Data); string(got) != `["said",{"n":1.5,"text":"hi"}]` {
		t.Errorf("data %s", got)
	}
	o := optsFromWire(msg[2])
	if o.Rooms.Len() != 1 || !o.Rooms.Has("r") || o.Except.Len() != 0 || o.Flags.Volatile {
		t.Errorf("opts %+v", o)
	}
}

func TestWireRoundTrip(t *testing.T) {
	id := uint64(7)
	compress := false
	timeout := 1500 * time.Millisecond
	p := &parser.Packet{Type: parser.EVENT, Nsp: "/chat", Id: &id, Data: []any{"ev", struct {
		Room string `json:"room"`
		Big  int64  `json:"big"`
	}{"r", 1 << 40}, []byte{1, 2, 3}, nil, true}}
	opts := &socket.BroadcastOptions{
		Rooms: types.NewSet[socket.Room]("a", "b"), Except: types.NewSet[socket.Room]("c"),
		Flags: &socket.BroadcastFlags{Local: true, Timeout: &timeout, ExpectSingleResponse: true},
	}
	opts.Flags.Volatile = true
	opts.Flags.Compress = &compress
	wire, err := packetToWire(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeMsgpack([]any{"me", wire, optsToWire(opts)})
	if err != nil {
		t.Fatal(err)
	}
	v, err := decodeMsgpack(b)
	if err != nil {
		t.Fatal(err)
	}
	msg := v.([]any)
	back, err := packetFromWire(msg[1])
	if err != nil {
		t.Fatal(err)
	}
	data := back.Data.([]any)
	if data[0] != "ev" || !bytes.Equal(data[2].([]byte), []byte{1, 2, 3}) || data[3] != nil || data[4] != true {
		t.Errorf("data %#v", data)
	}
	if m := data[1].(map[string]any); m["room"] != "r" {
		t.Errorf("struct by its json tags: %#v", m)
	} else if n, ok := toInt(m["big"]); !ok || n != 1<<40 {
		t.Errorf("big %#v", m["big"])
	}
	o := optsFromWire(msg[2])
	if o.Rooms.Len() != 2 || !o.Except.Has("c") || !o.Flags.Local || !o.Flags.Volatile || *o.Flags.Compress ||
		*o.Flags.Timeout != timeout || !o.Flags.ExpectSingleResponse {
		t.Errorf("opts %+v flags %+v", o, o.Flags)
	}
	// the timeout travels in milliseconds, as Node writes it
	if f := msg[2].(map[string]any)["flags"].(map[string]any); f["timeout"] != int16(1500) && f["timeout"] != int64(1500) {
		if n, _ := toInt(f["timeout"]); n != 1500 {
			t.Errorf("timeout on the wire %#v", f["timeout"])
		}
	}
}

func TestDecodeRequests(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"json", []byte(`{"uid":"u","requestId":"r","type":5,"opts":{"rooms":["x"],"except":[]}}`), true},
		{"json with big numbers", []byte(`{"type":8,"clientCount":12345678901}`), true},
		{"msgpack", mustMsgpack(map[string]any{"type": 9, "requestId": "r", "packet": "ok"}), true},
		{"empty", nil, false},
		{"json array", []byte(`{`), false},
		{"msgpack array", mustMsgpack([]any{1, 2}), false},
		{"garbage", []byte{0xc1}, false},
		{"truncated", []byte{0x82, 0xa1, 'a'}, false},
	} {
		m, err := decode(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, %v", tc.name, m, err)
		}
	}
	m, _ := decode([]byte(`{"type":8,"clientCount":12345678901}`))
	if n, ok := toInt(m["clientCount"]); !ok || n != 12345678901 {
		t.Errorf("clientCount %#v", m["clientCount"])
	}
}

func TestPacketFromWireRefusesBadPackets(t *testing.T) {
	for _, in := range []any{nil, "x", map[string]any{}, map[string]any{"type": 99}, map[string]any{"type": -1}, map[string]any{"type": "2"}, map[string]any{"type": 2.5}} {
		if p, err := packetFromWire(in); err == nil {
			t.Errorf("%#v gave %+v", in, p)
		}
	}
	p, err := packetFromWire(map[string]any{"type": int8(2), "data": []any{"e"}})
	if err != nil || p.Nsp != "/" {
		t.Errorf("a packet without nsp is in /: %+v %v", p, err)
	}
}

func TestToInt(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want int64
		ok   bool
	}{
		{int8(-3), -3, true}, {uint8(200), 200, true}, {int64(1 << 50), 1 << 50, true}, {uint64(math.MaxUint64), 0, false},
		{float64(12), 12, true}, {float64(1.5), 0, false}, {"1", 0, false}, {nil, 0, false}, {float64(1 << 60), 0, false},
	} {
		got, ok := toInt(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("toInt(%#v) = %d, %v", tc.in, got, ok)
		}
	}
}

func TestRoomSetTakesNumbers(t *testing.T) {
	s := roomSet([]any{"a", int8(5), nil, 1.5})
	if s.Len() != 3 || !s.Has("a") || !s.Has("5") || !s.Has("1.5") {
		t.Errorf("%v", s.Keys())
	}
}

func mustMsgpack(v any) []byte {
	b, err := msgpack.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
