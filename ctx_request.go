package egg

import (
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Method is the request method.
func (c *Ctx) Method() string { return c.req.Method }

// Path is the request path.
func (c *Ctx) Path() string { return c.req.URL.Path }

// Param returns a path parameter (":id" or "{id}" in the route), decoded
// once ("/users/%32" gives "2"), "" if the route has none by that name.
func (c *Ctx) Param(name string) string { return c.route.URLParam(name) }

// ParamInt returns a path parameter as an int. A missing or malformed
// value is a 400 error naming the parameter, ready to return.
func (c *Ctx) ParamInt(name string) (int, error) {
	v := c.route.URLParam(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, NewError(http.StatusBadRequest, "invalid_param",
			"path parameter "+name+" must be an integer, got "+strconv.Quote(v))
	}
	return n, nil
}

// QueryValues returns the parsed query string (parsed once per request).
func (c *Ctx) QueryValues() url.Values {
	if c.query == nil {
		c.query = c.req.URL.Query()
	}
	return c.query
}

// Query returns the first value of a query parameter (Egg's ctx.query).
// A parameter written "a[]" is also found as "a".
func (c *Ctx) Query(name string) string {
	q := c.QueryValues()
	if v, ok := q[name]; ok && len(v) > 0 {
		return v[0]
	}
	if v := q[name+"[]"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Queries returns every value of a query parameter (Egg's ctx.queries),
// "a[]" included.
func (c *Ctx) Queries(name string) []string {
	q := c.QueryValues()
	v := q[name]
	if more := q[name+"[]"]; len(more) > 0 {
		v = append(append([]string(nil), v...), more...)
	}
	return v
}

// Header returns the first value of a request header.
func (c *Ctx) Header(name string) string { return c.req.Header.Get(name) }

// Cookie returns a request cookie's value, "" if absent.
func (c *Ctx) Cookie(name string) string {
	ck, err := c.req.Cookie(name)
	if err != nil {
		return ""
	}
	return ck.Value
}

// SetCookie adds a Set-Cookie header for ck, sent exactly as given.
func (c *Ctx) SetCookie(ck *http.Cookie) { http.SetCookie(c.w, ck) }

// RequestID returns the request's id: the incoming request-id header
// (X-Request-Id by default) when it is a sane token, else a new random id.
// A new id is echoed in the response header while the headers are unsent.
func (c *Ctx) RequestID() string {
	if c.reqID != "" {
		return c.reqID
	}
	if v := c.req.Header.Get(c.app.http.RequestIDHeader); validRequestID(v) {
		c.reqID = v
		return v
	}
	var b [16]byte
	const hex = "0123456789abcdef"
	r1, r2 := rand.Uint64(), rand.Uint64()
	for i := 0; i < 8; i++ {
		b[i] = hex[(r1>>(i*4))&0xf]
		b[i+8] = hex[(r2>>(i*4))&0xf]
	}
	c.reqID = string(b[:])
	if !c.rw.written() {
		c.w.Header().Set(c.app.http.RequestIDHeader, c.reqID)
	}
	return c.reqID
}

// validRequestID accepts 1-128 characters of [A-Za-z0-9-_.:] so a client
// cannot inject anything into logs or headers through it.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b == ':') {
			return false
		}
	}
	return true
}

// IPs returns the client address chain from the proxy header (Egg's
// ctx.ips), only in proxy mode; an empty slice, never nil, otherwise (so
// JSON shows [] as Egg does). With MaxProxyCount > 0 only the last N
// entries (those your proxies added) are kept.
func (c *Ctx) IPs() []string {
	cfg := &c.app.http
	if !cfg.Proxy {
		return []string{}
	}
	for _, h := range cfg.IPHeaders {
		v := c.req.Header.Get(h)
		if v == "" {
			continue
		}
		ips := []string{}
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				ips = append(ips, p)
			}
		}
		if cfg.MaxProxyCount > 0 && len(ips) > cfg.MaxProxyCount {
			ips = ips[len(ips)-cfg.MaxProxyCount:]
		}
		return ips
	}
	return []string{}
}

// IP returns the client address (Egg's ctx.ip): in proxy mode the first
// of IPs, else the connection's remote address, without port or the
// "::ffff:" IPv4-mapped prefix.
func (c *Ctx) IP() string {
	if ips := c.IPs(); len(ips) > 0 {
		return ips[0]
	}
	host, _, err := net.SplitHostPort(c.req.RemoteAddr)
	if err != nil {
		host = c.req.RemoteAddr
	}
	return strings.TrimPrefix(host, "::ffff:")
}

// Host returns the request host (Egg's ctx.host): in proxy mode the first
// value of the first host header present, else the Host header.
func (c *Ctx) Host() string {
	if c.app.http.Proxy {
		if v := firstHeaderValue(c.req.Header, c.app.http.HostHeaders); v != "" {
			return v
		}
	}
	return c.req.Host
}

// Protocol returns "https" for TLS requests; in proxy mode the protocol
// header's first value when it is http or https; else HTTPConfig.Protocol.
func (c *Ctx) Protocol() string {
	if c.req.TLS != nil {
		return "https"
	}
	if c.app.http.Proxy {
		switch v := strings.ToLower(firstHeaderValue(c.req.Header, c.app.http.ProtocolHeaders)); v {
		case "http", "https":
			return v
		}
	}
	return c.app.http.Protocol
}

// Secure reports whether Protocol is https.
func (c *Ctx) Secure() bool { return c.Protocol() == "https" }

func firstHeaderValue(h http.Header, names []string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			first, _, _ := strings.Cut(v, ",")
			return strings.TrimSpace(first)
		}
	}
	return ""
}

// RoutePattern returns the pattern of the route that matched, e.g.
// "/users/{id}".
func (c *Ctx) RoutePattern() string { return c.route.RoutePattern() }

// URLParams exposes chi's parameters, for code written against chi; the
// values are decoded, as Param's are.
func (c *Ctx) URLParams() chi.RouteParams { return c.route.URLParams }
