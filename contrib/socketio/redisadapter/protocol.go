package redisadapter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
	"github.com/zishang520/socket.io/parsers/socket/v3/parser"
	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"
)

// Request types of @socket.io/redis-adapter 8 (its RequestType enum): the
// numbers on the wire between instances.
const (
	typeSockets              = 0
	typeAllRooms             = 1
	typeRemoteJoin           = 2
	typeRemoteLeave          = 3
	typeRemoteDisconnect     = 4
	typeRemoteFetch          = 5
	typeServerSideEmit       = 6
	typeBroadcast            = 7
	typeBroadcastClientCount = 8
	typeBroadcastAck         = 9
)

// The protocol, as @socket.io/redis-adapter 8.3 speaks it:
//
//   - A broadcast is published on "<key>#<nsp>#" — or "<key>#<nsp>#<room>#"
//     when it targets exactly one room — as msgpack [uid, packet, opts],
//     packet {type, data, nsp[, id]}, opts {rooms, except, flags}. Every
//     instance pattern-subscribes "<key>#<nsp>#*", skips its own uid and a
//     one-room message for a room it does not have, and delivers to its
//     own sockets.
//   - Requests go to "<key>-request#<nsp>#" as JSON objects {uid,
//     requestId, type, ...} (a broadcast with acknowledgements as msgpack),
//     answers to "<key>-response#<nsp>#" (or "…#<uid>#" when the requester
//     asked for that) as JSON, an acknowledgement of a broadcast as msgpack.
//     A reader tells JSON from msgpack by a leading "{".
//   - The number of instances is PUBSUB NUMSUB of the request channel.

// encodeMsgpack encodes v as notepack.io (the Node adapter's parser)
// would: compact integers, string-keyed maps, binary as bin.
func encodeMsgpack(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	enc.SetCustomStructTag("json")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeMsgpack decodes a notepack.io message: maps as map[string]any,
// arrays as []any, notepack's undefined (a fixext of type 0) as nil.
func decodeMsgpack(b []byte) (any, error) {
	return decodeValue(msgpack.NewDecoder(bytes.NewReader(b)), len(b))
}

// errTooLong is a length no message of limit bytes can hold.
var errTooLong = errors.New("msgpack: length exceeds the message")

// decodeValue decodes one value; limit is the message's size, which no
// length inside it can exceed (each element takes a byte at least).
func decodeValue(dec *msgpack.Decoder, limit int) (any, error) {
	c, err := dec.PeekCode()
	if err != nil {
		return nil, err
	}
	switch {
	case msgpcode.IsExt(c):
		_, n, err := dec.DecodeExtHeader()
		if err != nil {
			return nil, err
		}
		if n > limit {
			return nil, errTooLong
		}
		if n > 0 {
			if err := dec.ReadFull(make([]byte, n)); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case msgpcode.IsString(c) || msgpcode.IsBin(c):
		n, err := dec.DecodeBytesLen()
		if err != nil {
			return nil, err
		}
		if n > limit {
			return nil, errTooLong
		}
		b := make([]byte, n)
		if err := dec.ReadFull(b); err != nil {
			return nil, err
		}
		if msgpcode.IsString(c) {
			return string(b), nil
		}
		return b, nil
	case msgpcode.IsFixedArray(c) || c == msgpcode.Array16 || c == msgpcode.Array32:
		n, err := dec.DecodeArrayLen()
		if err != nil || n < 0 {
			return nil, err
		}
		if n > limit {
			return nil, errTooLong
		}
		out := make([]any, n)
		for i := range n {
			if out[i], err = decodeValue(dec, limit); err != nil {
				return nil, err
			}
		}
		return out, nil
	case msgpcode.IsFixedMap(c) || c == msgpcode.Map16 || c == msgpcode.Map32:
		n, err := dec.DecodeMapLen()
		if err != nil || n < 0 {
			return nil, err
		}
		if n > limit/2 {
			return nil, errTooLong
		}
		m := make(map[string]any, n)
		for range n {
			k, err := decodeValue(dec, limit)
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(dec, limit)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = v
		}
		return m, nil
	}
	return dec.DecodeInterface()
}

// decode reads a request or response: JSON when it starts with "{", else
// msgpack.
func decode(b []byte) (map[string]any, error) {
	var v any
	var err error
	if len(b) > 0 && b[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		err = dec.Decode(&v)
		v = fromJSONNumbers(v)
	} else {
		v, err = decodeMsgpack(b)
	}
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("not an object")
	}
	return m, nil
}

// fromJSONNumbers turns json.Numbers into int64 (integral) or float64.
func fromJSONNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case []any:
		for i := range t {
			t[i] = fromJSONNumbers(t[i])
		}
	case map[string]any:
		for k := range t {
			t[k] = fromJSONNumbers(t[k])
		}
	}
	return v
}

// normalize turns event arguments into plain values (maps, slices,
// strings, numbers, bools, nil, []byte) the way a local client would see
// them: a struct goes through encoding/json, so its json tags and
// MarshalJSON apply, while binary stays binary.
func normalize(v any) (any, error) {
	switch t := v.(type) {
	case nil, string, bool, []byte, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v, nil
	case types.BufferInterface:
		return t.Bytes(), nil
	case []any:
		out := make([]any, len(t))
		for i := range t {
			n, err := normalize(t[i])
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("redisadapter: cannot encode %T for other instances: %w", v, err)
	}
	var out any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return fromJSONNumbers(out), nil
}

// packetToWire is a socket.io packet as the Node adapter encodes it.
func packetToWire(p *parser.Packet) (map[string]any, error) {
	data, err := normalize(p.Data)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"type": int(p.Type), "data": data, "nsp": p.Nsp}
	if p.Id != nil {
		m["id"] = *p.Id
	}
	return m, nil
}

// packetFromWire reads a packet; a missing nsp is "/", as in the Node
// adapter.
func packetFromWire(v any) (*parser.Packet, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("packet is not an object")
	}
	t, ok := toInt(m["type"])
	if !ok || !parser.PacketType(t).Valid() {
		return nil, fmt.Errorf("packet type %v is not valid", m["type"])
	}
	nsp, _ := m["nsp"].(string)
	if nsp == "" {
		nsp = "/"
	}
	return &parser.Packet{Type: parser.PacketType(t), Nsp: nsp, Data: m["data"]}, nil
}

// optsToWire is broadcast options as the Node adapter encodes them: rooms
// and except as arrays, flags with only the set keys and the timeout in
// milliseconds.
func optsToWire(o *socket.BroadcastOptions) map[string]any {
	m := map[string]any{"rooms": roomList(o.Rooms), "except": roomList(o.Except)}
	flags := map[string]any{}
	if f := o.Flags; f != nil {
		if f.Volatile {
			flags["volatile"] = true
		}
		if f.Compress != nil {
			flags["compress"] = *f.Compress
		}
		if f.Local {
			flags["local"] = true
		}
		if f.Broadcast {
			flags["broadcast"] = true
		}
		if f.Binary {
			flags["binary"] = true
		}
		if f.Timeout != nil {
			flags["timeout"] = f.Timeout.Milliseconds()
		}
		if f.ExpectSingleResponse {
			flags["expectSingleResponse"] = true
		}
	}
	m["flags"] = flags
	return m
}

// optsFromWire reads broadcast options.
func optsFromWire(v any) *socket.BroadcastOptions {
	m, _ := v.(map[string]any)
	o := &socket.BroadcastOptions{Rooms: roomSet(m["rooms"]), Except: roomSet(m["except"]), Flags: &socket.BroadcastFlags{}}
	if f, ok := m["flags"].(map[string]any); ok {
		o.Flags.Volatile, _ = f["volatile"].(bool)
		o.Flags.Local, _ = f["local"].(bool)
		o.Flags.Broadcast, _ = f["broadcast"].(bool)
		o.Flags.Binary, _ = f["binary"].(bool)
		o.Flags.ExpectSingleResponse, _ = f["expectSingleResponse"].(bool)
		if c, ok := f["compress"].(bool); ok {
			o.Flags.Compress = &c
		}
		if ms, ok := toInt(f["timeout"]); ok && ms > 0 {
			d := time.Duration(ms) * time.Millisecond
			o.Flags.Timeout = &d
		}
	}
	return o
}

func roomList(s *types.Set[socket.Room]) []string {
	if s == nil {
		return []string{}
	}
	out := make([]string, 0, s.Len())
	for _, r := range s.Keys() {
		out = append(out, string(r))
	}
	return out
}

// roomSet reads a list of rooms; Node may send numbers as room names.
func roomSet(v any) *types.Set[socket.Room] {
	s := types.NewSet[socket.Room]()
	list, _ := v.([]any)
	for _, r := range list {
		switch t := r.(type) {
		case string:
			s.Add(socket.Room(t))
		case nil:
		default:
			s.Add(socket.Room(fmt.Sprint(t)))
		}
	}
	return s
}

// toInt reads any integer (or integral float) msgpack or JSON produced.
func toInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int8:
		return int64(t), true
	case int16:
		return int64(t), true
	case int32:
		return int64(t), true
	case int64:
		return t, true
	case uint8:
		return int64(t), true
	case uint16:
		return int64(t), true
	case uint32:
		return int64(t), true
	case uint64:
		if t > math.MaxInt64 {
			return 0, false
		}
		return int64(t), true
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<53 {
			return int64(t), true
		}
	case float32:
		if float64(t) == math.Trunc(float64(t)) {
			return int64(t), true
		}
	}
	return 0, false
}
