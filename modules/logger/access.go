package logger

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/egg-go/egg"
)

type skipKey struct{}

// SkipAccessLog leaves the request out of the access log, e.g. in a
// health probe's handler. It does nothing in an app without Module.
func SkipAccessLog(c *egg.Ctx) { c.Set(skipKey{}, true) }

// accessLog writes one line per request.
type accessLog struct {
	w      io.Writer
	json   bool
	ignore []string
	names  map[string][]egg.RouteInfo // named routes by pattern
}

// newAccessLog returns the access log of the named routes in routes.
func newAccessLog(w io.Writer, json bool, ignore []string, routes []egg.RouteInfo) *accessLog {
	a := &accessLog{w: w, json: json, ignore: ignore, names: map[string][]egg.RouteInfo{}}
	for _, r := range routes {
		if r.Name != "" {
			a.names[r.Pattern] = append(a.names[r.Pattern], r)
		}
	}
	return a
}

// routeName is the name of the route that served method on pattern: a
// GET route's name for HEAD, an All route's for any method.
func (a *accessLog) routeName(method, pattern string) string {
	var fallback string
	for _, r := range a.names[pattern] {
		switch r.Method {
		case method:
			return r.Name
		case http.MethodGet:
			if method == http.MethodHead {
				fallback = r.Name
			}
		case "ANY":
			if fallback == "" {
				fallback = r.Name
			}
		}
	}
	return fallback
}

// ignored reports whether path is under one of the ignored prefixes
// (whole segments: "/healthz" matches /healthz and /healthz/x only).
func (a *accessLog) ignored(path string) bool {
	for _, p := range a.ignore {
		if strings.HasPrefix(path, p) && (len(path) == len(p) || p[len(p)-1] == '/' || path[len(p)] == '/') {
			return true
		}
	}
	return false
}

var accessBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// onResponse is the App.OnResponse listener.
func (a *accessLog) onResponse(c *egg.Ctx) {
	if skip, _ := c.Get(skipKey{}); skip == true || a.ignored(c.Path()) {
		return
	}
	now := time.Now()
	status := c.Status()
	if status == 0 {
		status = http.StatusOK // net/http's answer to a handler that wrote nothing
	}
	e := accessEntry{
		time: now, method: c.Method(), path: c.Path(), route: c.RoutePattern(),
		status: status, bytes: c.BytesWritten(), dur: now.Sub(c.StartTime()), ip: c.IP(), id: c.RequestID(),
	}
	e.name = a.routeName(e.method, e.route)
	bp := accessBufs.Get().(*[]byte)
	b := (*bp)[:0]
	if a.json {
		b = e.appendJSON(b)
	} else {
		b = e.appendText(b)
	}
	_, _ = a.w.Write(b)
	*bp = b
	accessBufs.Put(bp)
}

// accessEntry is one access log line.
type accessEntry struct {
	time                      time.Time
	method, path, route, name string
	status                    int
	bytes                     int64
	dur                       time.Duration
	ip, id                    string
}

// appendJSON writes the entry as one JSON object and a newline:
// {"time":…,"method":…,"path":…,"route":…,"name":…,"status":…,"bytes":…,"ms":…,"ip":…,"id":…}
func (e *accessEntry) appendJSON(b []byte) []byte {
	b = append(b, `{"time":"`...)
	b = e.time.AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
	b = append(b, `","method":`...)
	b = appendJSONString(b, e.method)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, e.path)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, e.route)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, e.name)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, e.bytes, 10)
	b = append(b, `,"ms":`...)
	b = strconv.AppendFloat(b, float64(e.dur.Microseconds())/1000, 'f', -1, 64)
	b = append(b, `,"ip":`...)
	b = appendJSONString(b, e.ip)
	b = append(b, `,"id":`...)
	b = appendJSONString(b, e.id)
	return append(b, "}\n"...)
}

// appendText writes the entry as a timestamp and logfmt fields:
// 2026-03-01 10:00:00.000 method=GET path=/users/3 route=/users/{id} name=user status=200 bytes=12 ms=0.31 ip=… id=…
func (e *accessEntry) appendText(b []byte) []byte {
	b = e.time.AppendFormat(b, textTimeFormat)
	b = append(b, " method="...)
	b = appendLogfmt(b, e.method)
	b = append(b, " path="...)
	b = appendLogfmt(b, e.path)
	b = append(b, " route="...)
	b = appendLogfmt(b, e.route)
	b = append(b, " name="...)
	b = appendLogfmt(b, e.name)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, e.bytes, 10)
	b = append(b, " ms="...)
	b = strconv.AppendFloat(b, float64(e.dur.Microseconds())/1000, 'f', -1, 64)
	b = append(b, " ip="...)
	b = appendLogfmt(b, e.ip)
	b = append(b, " id="...)
	b = appendLogfmt(b, e.id)
	return append(b, '\n')
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string; invalid UTF-8 becomes
// U+FFFD, so a path from a client can never break the line.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// appendLogfmt writes s bare when it has no space, quote, "=" or
// control or non-ASCII byte, else quoted with Go escapes, so a path from a
// client can never break the line or forge a field.
func appendLogfmt(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f {
			return strconv.AppendQuote(b, s)
		}
	}
	return append(b, s...)
}
