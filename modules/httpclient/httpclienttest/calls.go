package httpclienttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Call is one outbound call the Interceptor saw, as it would have gone on
// the wire: with the headers the client added (User-Agent, X-Request-Id,
// traceparent) and the body sent. Retries are calls of their own.
type Call struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// String is "METHOD URL" with any password hidden.
func (c Call) String() string { return c.Method + " " + c.URL.Redacted() }

// DecodeJSON decodes the call's body into v.
func (c Call) DecodeJSON(v any) error {
	if err := json.Unmarshal(c.Body, v); err != nil {
		return fmt.Errorf("httpclienttest: the body of %s is not JSON for %T: %w", c, v, err)
	}
	return nil
}

// Calls returns every call so far, in order, matched or not.
func (ic *Interceptor) Calls() []Call {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	return append([]Call(nil), ic.calls...)
}

// CallsTo returns the calls to method ("" or "*" for any) and target, in
// the syntax of rules (see Rule).
func (ic *Interceptor) CallsTo(method, target string) []Call {
	ic.t.Helper()
	m := newRule(method, target, "")
	if m.bad != nil {
		ic.t.Fatalf("httpclienttest: CallsTo(%q, %q): %v", method, target, m.bad)
		return nil
	}
	var out []Call
	for _, c := range ic.Calls() {
		if m.matches(&http.Request{Method: c.Method, URL: c.URL}) {
			out = append(out, c)
		}
	}
	return out
}

// AssertCalled fails the test unless at least one call went to method and
// target, and returns the last such call (the zero Call when none).
func (ic *Interceptor) AssertCalled(method, target string) Call {
	ic.t.Helper()
	calls := ic.CallsTo(method, target)
	if len(calls) == 0 {
		ic.t.Errorf("httpclienttest: no call to %s %s; the calls made were:\n%s", orAny(method), target, ic.describeCalls())
		return Call{}
	}
	return calls[len(calls)-1]
}

// AssertCalls fails the test unless exactly n calls went to method and
// target.
func (ic *Interceptor) AssertCalls(method, target string, n int) {
	ic.t.Helper()
	if got := len(ic.CallsTo(method, target)); got != n {
		ic.t.Errorf("httpclienttest: %d calls to %s %s, want %d; the calls made were:\n%s", got, orAny(method), target, n, ic.describeCalls())
	}
}

// AssertAllUsed fails the test for each rule that no call matched.
func (ic *Interceptor) AssertAllUsed() {
	ic.t.Helper()
	ic.mu.Lock()
	var unused []string
	for _, r := range ic.rules {
		if r.used == 0 {
			unused = append(unused, r.Rule.String())
		}
	}
	ic.mu.Unlock()
	if len(unused) > 0 {
		ic.t.Errorf("httpclienttest: rules no call matched:\n\t%s\nthe calls made were:\n%s", strings.Join(unused, "\n\t"), ic.describeCalls())
	}
}

func (ic *Interceptor) describeCalls() string {
	calls := ic.Calls()
	if len(calls) == 0 {
		return "\t(none)"
	}
	lines := make([]string, len(calls))
	for i, c := range calls {
		lines[i] = "\t" + c.String()
	}
	return strings.Join(lines, "\n")
}

func cloneURL(req *http.Request) *url.URL {
	u := *req.URL
	if u.User != nil {
		user := *u.User
		u.User = &user
	}
	return &u
}

func orAny(method string) string {
	if method == "" {
		return "*"
	}
	return strings.ToUpper(method)
}
