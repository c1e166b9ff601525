package httpclienttest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg/modules/httpclient"
	"go.uber.org/fx"
)

// ErrUnexpectedCall is the error a call that no rule matches gets (the
// test fails as well).
var ErrUnexpectedCall = errors.New("httpclienttest: unexpected outbound call")

// maxRecordedBody caps the request body kept per call.
const maxRecordedBody = 10 << 20

// Interceptor stands in for the network under the app's httpclient (Egg's
// mockHttpclient): every outbound call is answered by the first matching
// Rule, recorded for assertions, and any call no rule expects fails the
// test. Nothing leaves the process.
//
// It is an fx.Option: pass it to eggtest.New, and it replaces the
// client's Network through fx.Decorate; the client's own layers
// (User-Agent, request id, retries, logs, events) still run above it, so
// a recorded call shows what would go on the wire. It is also an
// http.RoundTripper, for httpclient.New(cfg, httpclient.WithNetwork(ic))
// without an app. Safe for concurrent use.
type Interceptor struct {
	fx.Option
	t testing.TB

	mu    sync.Mutex
	rules []*ruleState
	calls []Call
	done  bool // the test ended: report nothing more to it
}

type ruleState struct {
	Rule
	used int
}

// Intercept returns an Interceptor that answers with rules and reports to
// t. A rule whose target does not parse fails the test at once.
//
//	ic := httpclienttest.Intercept(t,
//		httpclienttest.ReplyJSON("GET", "api.example.com/users/1", 200, User{ID: 1}),
//	)
//	app := eggtest.New(t, modules.Default(), httpclient.Module, app.Module, ic)
//	app.GET("/profile").Do().Status(200)
//	ic.AssertCalled("GET", "api.example.com/users/1")
func Intercept(t testing.TB, rules ...Rule) *Interceptor {
	t.Helper()
	ic := &Interceptor{t: t}
	ic.Option = fx.Decorate(func(httpclient.Network) httpclient.Network {
		return httpclient.Network{RoundTripper: ic}
	})
	t.Cleanup(func() {
		ic.mu.Lock()
		ic.done = true
		ic.mu.Unlock()
	})
	ic.Add(rules...)
	return ic
}

// Add appends rules, after those already there.
func (ic *Interceptor) Add(rules ...Rule) {
	ic.t.Helper()
	for i, r := range rules {
		if r.bad != nil {
			ic.t.Fatalf("httpclienttest: rule %d (%s): %v", i, r, r.bad)
		}
	}
	ic.mu.Lock()
	defer ic.mu.Unlock()
	for _, r := range rules {
		ic.rules = append(ic.rules, &ruleState{Rule: r})
	}
}

// String describes the interceptor for fx.
func (ic *Interceptor) String() string { return "httpclienttest.Intercept" }

// RoundTrip records req and answers it by the first matching rule. A call
// that no rule matches fails the test (t.Errorf: the call may come from a
// server goroutine) and returns ErrUnexpectedCall.
func (ic *Interceptor) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req)
	if err != nil {
		return nil, fmt.Errorf("httpclienttest: reading the body of %s %s: %w", req.Method, req.URL.Redacted(), err)
	}
	call := Call{Method: req.Method, URL: cloneURL(req), Header: req.Header.Clone(), Body: body}

	ic.mu.Lock()
	ic.calls = append(ic.calls, call)
	var rule *Rule
	for _, r := range ic.rules {
		if (r.times == 0 || r.used < r.times) && r.matches(req) {
			r.used++
			rule = &r.Rule
			break
		}
	}
	if rule == nil {
		if !ic.done {
			ic.t.Errorf("httpclienttest: unexpected outbound call %s\n\trules:\n%s", call, ic.describeRules())
		}
		ic.mu.Unlock()
		return nil, fmt.Errorf("%w %s: no rule matches it; add one with httpclienttest.Reply or Handle", ErrUnexpectedCall, call)
	}
	ic.mu.Unlock()

	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if rule.err != nil {
		return nil, rule.err
	}
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	in.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	rule.serve().ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = req
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
	}
	return resp, nil
}

// describeRules lists the rules for a failure message; ic.mu is held.
func (ic *Interceptor) describeRules() string {
	if len(ic.rules) == 0 {
		return "\t\t(none)"
	}
	lines := make([]string, len(ic.rules))
	for i, r := range ic.rules {
		lines[i] = fmt.Sprintf("\t\t%s, matched %d times", r.Rule, r.used)
	}
	return strings.Join(lines, "\n")
}

func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(io.LimitReader(req.Body, maxRecordedBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRecordedBody {
		return nil, fmt.Errorf("the body is over %d bytes, too large to intercept", maxRecordedBody)
	}
	return b, nil
}
