package httpclient

import (
	"net/http"

	"github.com/egg-go/egg"
)

// W3C Trace Context headers (https://www.w3.org/TR/trace-context/).
const (
	headerTraceparent = "Traceparent"
	headerTracestate  = "Tracestate"
)

// addHeaders sets what the client adds to a request that does not set it
// itself: the User-Agent, and, for a call made with the context of a
// request egg is serving (ec: the *egg.Ctx, found from the call's context
// by egg.CtxFrom), the request's id and its incoming trace context. It
// returns that request id.
//
// The request id comes from Ctx.RequestID, which makes one up on first use
// when the client sent none. Like the rest of a Ctx, that is not safe for
// concurrent use: a handler that fans calls out to goroutines calls
// c.RequestID() once before starting them.
func (c *Client) addHeaders(out *http.Request, ec *egg.Ctx) string {
	if _, set := out.Header["User-Agent"]; !set {
		out.Header.Set("User-Agent", c.ua)
	}
	if ec == nil {
		return ""
	}
	id := ec.RequestID()
	if c.cfg.ForwardRequestID && out.Header.Get(c.idHeader) == "" {
		out.Header.Set(c.idHeader, id)
	}
	if c.cfg.ForwardTraceContext && out.Header.Get(headerTraceparent) == "" {
		in := ec.Request().Header
		if tp := in.Get(headerTraceparent); validTraceparent(tp) {
			out.Header.Set(headerTraceparent, tp)
			if ts := in.Get(headerTracestate); ts != "" && len(ts) <= 512 {
				out.Header.Set(headerTracestate, ts)
			}
		}
	}
	return id
}

// validTraceparent accepts a W3C traceparent: version-traceid-parentid-flags
// in lower-case hex (2-32-16-2 digits), neither id all zeros, version not
// ff; later versions may append fields after a dash.
func validTraceparent(s string) bool {
	if len(s) < 55 || (len(s) > 55 && s[55] != '-') {
		return false
	}
	for i, want := range []struct{ from, to int }{{0, 2}, {3, 35}, {36, 52}, {53, 55}} {
		if i > 0 && s[want.from-1] != '-' {
			return false
		}
		zero := true
		for j := want.from; j < want.to; j++ {
			b := s[j]
			if !(b >= '0' && b <= '9' || b >= 'a' && b <= 'f') {
				return false
			}
			zero = zero && b == '0'
		}
		if zero && (i == 1 || i == 2) {
			return false
		}
	}
	return s[:2] != "ff" && (len(s) == 55 || s[:2] != "00")
}
