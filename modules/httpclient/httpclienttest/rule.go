package httpclienttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Rule is one kind of outbound call the test expects and how to answer
// it. Make one with Reply, ReplyJSON, Handle or Fail; the first rule that
// matches a call answers it.
//
// method is an HTTP method, or "" or "*" for any. target is a host with
// an optional scheme and path:
//
//	api.example.com                 any path on that host (any port)
//	api.example.com:8443            that host and port only
//	https://api.example.com/users/1 that scheme, host and exact path
//	api.example.com/users/*         any path under /users/
//	*/health                        /health on any host
//
// The query string is never matched: inspect it in the recorded Calls.
type Rule struct {
	method  string
	target  target
	handler http.Handler
	err     error
	times   int // 0 = no limit
	header  http.Header
	reply   func(http.Header) http.Handler // canned replies take the rule's extra headers
	bad     error                          // a target that did not parse, reported by Intercept
	label   string
}

// Reply answers matching calls with status and body (text/plain).
func Reply(method, target string, status int, body string) Rule {
	r := newRule(method, target, fmt.Sprintf("reply %d", status))
	r.reply = func(h http.Header) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			copyHeader(w.Header(), h)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		})
	}
	return r
}

// ReplyJSON answers matching calls with status and v as JSON
// (application/json). A v that cannot be encoded fails the test when the
// rule is installed.
func ReplyJSON(method, target string, status int, v any) Rule {
	r := newRule(method, target, fmt.Sprintf("reply %d JSON", status))
	b, err := json.Marshal(v)
	if err != nil && r.bad == nil {
		r.bad = fmt.Errorf("the reply %T cannot be encoded as JSON: %w", v, err)
	}
	r.reply = func(h http.Header) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			copyHeader(w.Header(), h)
			w.WriteHeader(status)
			_, _ = w.Write(b)
		})
	}
	return r
}

// Handle answers matching calls with h, as if h were the remote server:
// it sees the request as sent (headers the client added included) and its
// body.
func Handle(method, target string, h http.Handler) Rule {
	r := newRule(method, target, "handler")
	r.handler = h
	return r
}

// Fail makes matching calls fail with err and no response, like a
// network error (connection refused, reset, timeout).
func Fail(method, target string, err error) Rule {
	r := newRule(method, target, "fail: "+err.Error())
	r.err = err
	return r
}

// Times limits the rule to its first n matching calls; later calls go on
// to the next rules. Use it for a sequence, e.g. a 503 then a 200:
//
//	httpclienttest.Reply("GET", "api.example.com/x", 503, "busy").Times(1),
//	httpclienttest.Reply("GET", "api.example.com/x", 200, "ok"),
func (r Rule) Times(n int) Rule {
	r.times = n
	return r
}

// WithHeader adds a response header to a Reply or ReplyJSON rule (a
// Retry-After, a Location, ...).
func (r Rule) WithHeader(key, value string) Rule {
	h := r.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Add(key, value)
	r.header = h
	return r
}

func newRule(method, tgt, label string) Rule {
	r := Rule{method: strings.ToUpper(method), label: label}
	if r.method == "*" {
		r.method = ""
	}
	t, err := parseTarget(tgt)
	if err != nil {
		r.bad = err
	}
	r.target = t
	return r
}

// String describes the rule, e.g. "GET api.example.com/users/* → reply 200".
func (r Rule) String() string {
	m := r.method
	if m == "" {
		m = "*"
	}
	s := m + " " + r.target.String() + " → " + r.label
	if r.times > 0 {
		s += fmt.Sprintf(" (%d times)", r.times)
	}
	return s
}

// serve returns the handler that answers for the rule.
func (r *Rule) serve() http.Handler {
	if r.reply != nil {
		return r.reply(r.header)
	}
	return r.handler
}

func (r *Rule) matches(req *http.Request) bool {
	return (r.method == "" || r.method == req.Method) && r.target.matches(req.URL)
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
}
