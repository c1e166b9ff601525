package egg

import (
	"crypto/rand"
	"encoding/binary"
	"sync/atomic"
	"unsafe"
)

// idAlphabet encodes request ids: 32 symbols, so each takes 5 bits, all
// of them valid in a request id (see validRequestID) and in a log line.
const idAlphabet = "0123456789abcdefghijklmnopqrstuv"

// idPrefixLen symbols of randomness (50 bits) tell apart the ids of two
// processes, or two apps in one process; the counter after them tells
// apart the requests of one app.
const idPrefixLen = 10

// requestIDs generates the ids of the requests an app serves: a random
// prefix drawn once when the app is made, "-", and a counter in base 32.
// Generating one costs an atomic add; no system call, no crypto.
type requestIDs struct {
	prefix [idPrefixLen]byte
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	g := &requestIDs{}
	var seed [8]byte
	_, _ = rand.Read(seed[:]) // never fails on supported platforms (crypto/rand panics rather than return short)
	v := binary.LittleEndian.Uint64(seed[:])
	for i := range g.prefix {
		g.prefix[i] = idAlphabet[v&31]
		v >>= 5
	}
	return g
}

// requestID holds one request's generated id. It lives in the request's
// reqContext, the allocation egg makes per request anyway, so the id and
// the header value echoing it cost no allocation of their own.
type requestID struct {
	buf [idPrefixLen + 1 + 13]byte // prefix, '-', up to 13 base-32 digits of a uint64
	hdr [1]string
}

// next writes the next id into dst and returns it. The string shares
// dst's bytes, which are written once here and never again (each request
// has its own reqContext, never reused), so it is immutable as a string
// must be; it keeps its reqContext alive while anything holds it.
func (g *requestIDs) next(dst *requestID) string {
	n := g.n.Add(1)
	b := dst.buf[:0]
	b = append(b, g.prefix[:]...)
	b = append(b, '-')
	var digits [13]byte
	i := len(digits)
	for {
		i--
		digits[i] = idAlphabet[n&31]
		n >>= 5
		if n == 0 {
			break
		}
	}
	b = append(b, digits[i:]...)
	id := unsafe.String(&dst.buf[0], len(b))
	dst.hdr[0] = id
	return id
}

// stampRequestID gives the request its id and sets it on the response:
// the client's own when it sent a sane one (validRequestID), else a new
// one. Every response egg serves carries it.
func (a *App) stampRequestID(c *Ctx, h map[string][]string, in map[string][]string) {
	name := a.http.RequestIDHeader
	if id := in[name]; len(id) > 0 && validRequestID(id[0]) {
		c.reqID = id[0]
		h[name] = id[:1:1]
		return
	}
	c.reqID = a.srv.ids.next(&c.rc.id)
	h[name] = c.rc.id.hdr[:]
}
