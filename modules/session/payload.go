package session

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"time"
)

// The session's bytes. A cookie carries, encrypted, a header and (with the
// cookie store) the data; an external store keeps the data under the id.
//
//	header: version (1 byte) | expires (int64 big endian, Unix seconds) |
//	        max age (uvarint, seconds) | id (idLen bytes)
//	data:   version (1 byte) | value count (uvarint) |
//	        per value: key length, key, value length, value (JSON) |
//	        flash kind count (uvarint) |
//	        per kind: kind length, kind, message count, per message: length, message
//
// A cookie of the external-store mode has a header and no data.
const (
	formatVersion = 1
	idLen         = 16
	headerMinLen  = 1 + 8 + 1 + idLen
)

var errMalformed = errors.New("session: malformed session data")

// header is the part of a session every cookie carries.
type header struct {
	expires int64 // Unix seconds
	maxAge  time.Duration
	id      [idLen]byte
}

// data is what a session holds: JSON values by key and flash messages by
// kind.
type data struct {
	values  map[string]json.RawMessage
	flashes map[string][]string
}

func (d *data) empty() bool { return len(d.values) == 0 && len(d.flashes) == 0 }

// headerLen is the encoded length of h.
func headerLen(h *header) int {
	return 1 + 8 + uvarintLen(uint64(h.maxAge/time.Second)) + idLen
}

func appendHeader(b []byte, h *header) []byte {
	b = append(b, formatVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(h.expires))
	b = binary.AppendUvarint(b, uint64(h.maxAge/time.Second))
	return append(b, h.id[:]...)
}

// dataLen is the encoded length of d.
func dataLen(d *data) int {
	n := 1 + uvarintLen(uint64(len(d.values)))
	for k, v := range d.values {
		n += strLen(len(k)) + strLen(len(v))
	}
	n += uvarintLen(uint64(len(d.flashes)))
	for k, msgs := range d.flashes {
		n += strLen(len(k)) + uvarintLen(uint64(len(msgs)))
		for _, m := range msgs {
			n += strLen(len(m))
		}
	}
	return n
}

func appendData(b []byte, d *data) []byte {
	b = append(b, formatVersion)
	b = binary.AppendUvarint(b, uint64(len(d.values)))
	for k, v := range d.values {
		b = appendStr(b, k)
		b = appendStr(b, string(v))
	}
	b = binary.AppendUvarint(b, uint64(len(d.flashes)))
	for k, msgs := range d.flashes {
		b = appendStr(b, k)
		b = binary.AppendUvarint(b, uint64(len(msgs)))
		for _, m := range msgs {
			b = appendStr(b, m)
		}
	}
	return b
}

// parseHeader reads a header from the front of b and returns the rest.
func parseHeader(b []byte) (h header, rest []byte, err error) {
	if len(b) < headerMinLen || b[0] != formatVersion {
		return h, nil, errMalformed
	}
	h.expires = int64(binary.BigEndian.Uint64(b[1:9]))
	age, n := binary.Uvarint(b[9:])
	if n <= 0 || age > maxAgeLimit || len(b[9+n:]) < idLen {
		return h, nil, errMalformed
	}
	h.maxAge = time.Duration(age) * time.Second
	copy(h.id[:], b[9+n:])
	return h, b[9+n+idLen:], nil
}

// maxAgeLimit bounds a decoded max age (seconds), so that it cannot
// overflow a time.Duration: 100 years.
const maxAgeLimit = 100 * 366 * 24 * 3600

// parseData decodes data. The values alias b: b must not change afterwards.
func parseData(b []byte) (data, error) {
	var d data
	if len(b) == 0 || b[0] != formatVersion {
		return d, errMalformed
	}
	r := reader{b: b[1:], ok: true}
	nv := r.count(2)
	if nv > 0 {
		d.values = make(map[string]json.RawMessage, nv)
	}
	for i := 0; i < nv && r.ok; i++ {
		k := r.field()
		v := r.field()
		if r.ok {
			d.values[string(k)] = v
		}
	}
	nk := r.count(2)
	if nk > 0 {
		d.flashes = make(map[string][]string, nk)
	}
	for i := 0; i < nk && r.ok; i++ {
		k := string(r.field())
		nm := r.count(1)
		msgs := make([]string, 0, nm)
		for j := 0; j < nm && r.ok; j++ {
			msgs = append(msgs, string(r.field()))
		}
		if r.ok && len(msgs) > 0 {
			d.flashes[k] = append(d.flashes[k], msgs...)
		}
	}
	if !r.ok || len(r.b) != 0 {
		return data{}, errMalformed
	}
	return d, nil
}

// reader reads uvarint-prefixed fields; after the first error ok is false
// and every read returns zero values.
type reader struct {
	b  []byte
	ok bool
}

func (r *reader) uvarint() uint64 {
	if !r.ok {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.ok = false
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads an element count, refusing one that the remaining bytes
// cannot hold at minSize bytes per element (so crafted input cannot make
// the decoder allocate much).
func (r *reader) count(minSize int) int {
	v := r.uvarint()
	if v > uint64(len(r.b)/minSize) {
		r.ok = false
		return 0
	}
	return int(v)
}

// field reads a length-prefixed field; it aliases the input.
func (r *reader) field() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.ok = false
	}
	if !r.ok {
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// decodeValue decodes a stored value (JSON) into ptr: json.Unmarshal, but
// a string without escapes into a *string, the commonest case (a user
// name, an id), is copied out directly.
func decodeValue(raw []byte, ptr any) error {
	if p, ok := ptr.(*string); ok {
		if s, ok := plainJSONString(raw); ok {
			*p = s
			return nil
		}
	}
	return json.Unmarshal(raw, ptr)
}

// plainJSONString is the string a JSON string literal of printable ASCII
// without escapes holds; ok is false for anything else.
func plainJSONString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(body), true
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func strLen(n int) int { return uvarintLen(uint64(n)) + n }

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
