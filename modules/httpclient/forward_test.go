package httpclient

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

const validTP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

// proxyApp is an app with the httpclient module and a route that calls
// the upstream with the request's Ctx.
func proxyApp(t *testing.T, srv *upstream, opts ...fx.Option) (*eggtest.App, *Client) {
	t.Helper()
	var client *Client
	all := append([]fx.Option{
		egg.Name("shop"),
		Module,
		egg.Routes(func(r *egg.Router, c *Client) {
			r.Get("/call", func(ec *egg.Ctx) error {
				return c.GetJSON(ec, srv.URL+"/up", nil)
			})
		}),
		fx.Populate(&client),
	}, opts...)
	return eggtest.New(t, all...), client
}

func TestForwardRequestID(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	app, _ := proxyApp(t, srv)

	app.GET("/call").Header("X-Request-Id", "abc-123").Do().Status(200)
	up := srv.last(t)
	if got := up.Header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("upstream X-Request-Id = %q, want the incoming abc-123", got)
	}
	if got := up.Header.Get("User-Agent"); got != "shop egg-go" {
		t.Errorf("upstream User-Agent = %q, want %q", got, "shop egg-go")
	}

	// no incoming id: the one egg made up (and answered with) goes out
	res := app.GET("/call").Do().Status(200)
	made := res.Result().Header.Get("X-Request-Id")
	if made == "" || srv.last(t).Header.Get("X-Request-Id") != made {
		t.Errorf("upstream X-Request-Id = %q, want the generated id %q", srv.last(t).Header.Get("X-Request-Id"), made)
	}
	app.ExpectLog(`msg="httpclient call" logger=httpclient method=GET host=` + strings.TrimPrefix(srv.URL, "http://") + ` status=200`)
	app.ExpectLog(`req_id=abc-123`)
}

func TestForwardRequestIDCustomHeader(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	app, _ := proxyApp(t, srv, egg.Configure(func(c *egg.HTTPConfig) { c.RequestIDHeader = "X-Trace-Id" }))
	app.GET("/call").Header("X-Trace-Id", "t-9").Do().Status(200)
	if got := srv.last(t).Header.Get("X-Trace-Id"); got != "t-9" {
		t.Errorf("upstream X-Trace-Id = %q, want t-9", got)
	}
}

func TestForwardOff(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	app, _ := proxyApp(t, srv, egg.Configure(func(c *Config) {
		c.ForwardRequestID, c.ForwardTraceContext = false, false
		c.UserAgent = "custom/1.0"
	}))
	app.GET("/call").Header("X-Request-Id", "abc").Header("Traceparent", validTP).Do().Status(200)
	up := srv.last(t)
	if up.Header.Get("X-Request-Id") != "" || up.Header.Get("Traceparent") != "" {
		t.Errorf("forwarding is off but the upstream got %v", up.Header)
	}
	if got := up.Header.Get("User-Agent"); got != "custom/1.0" {
		t.Errorf("User-Agent = %q, want the configured one", got)
	}
}

func TestForwardTraceContext(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	app, _ := proxyApp(t, srv)
	app.GET("/call").Header("Traceparent", validTP).Header("Tracestate", "vendor=x").Do().Status(200)
	up := srv.last(t)
	if up.Header.Get("Traceparent") != validTP || up.Header.Get("Tracestate") != "vendor=x" {
		t.Errorf("upstream trace headers = %q, %q; want them passed on", up.Header.Get("Traceparent"), up.Header.Get("Tracestate"))
	}
	app.GET("/call").Header("Traceparent", "not-a-traceparent").Header("Tracestate", "vendor=x").Do().Status(200)
	up = srv.last(t)
	if up.Header.Get("Traceparent") != "" || up.Header.Get("Tracestate") != "" {
		t.Errorf("an invalid traceparent was passed on: %v", up.Header)
	}
}

// Headers the caller sets win; outside a request nothing is forwarded.
func TestForwardCallerWinsAndNoRequest(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	_, c := proxyApp(t, srv)

	req, _ := NewJSONRequest(context.Background(), "GET", srv.URL, nil)
	if err := c.DoJSON(req, nil); err != nil {
		t.Fatal(err)
	}
	up := srv.last(t)
	if up.Header.Get("X-Request-Id") != "" {
		t.Errorf("a call outside any request sent X-Request-Id %q", up.Header.Get("X-Request-Id"))
	}
	if req.Header.Get("User-Agent") != "" {
		t.Error("the caller's request was changed")
	}

	req, _ = NewJSONRequest(context.Background(), "GET", srv.URL, nil)
	req.Header.Set("User-Agent", "mine")
	req.Header.Set("X-Request-Id", "given")
	if err := c.DoJSON(req, nil); err != nil {
		t.Fatal(err)
	}
	if up = srv.last(t); up.Header.Get("User-Agent") != "mine" || up.Header.Get("X-Request-Id") != "given" {
		t.Errorf("the caller's headers were replaced: %v", up.Header)
	}
}

// An anonymous context (schedules, boot hooks) forwards its id as well.
func TestForwardFromAnonymousContext(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	app, c := proxyApp(t, srv)
	ec := app.Ctx()
	if err := c.GetJSON(ec, srv.URL, nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.last(t).Header.Get("X-Request-Id"); got == "" || got != ec.RequestID() {
		t.Errorf("upstream X-Request-Id = %q, want the context's id %q", got, ec.RequestID())
	}
}

// Calls fanned out from a handler, once the id is settled, are race-free
// and all carry it (run with -race).
func TestForwardFanOut(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	var client *Client
	app := eggtest.New(t, Module, fx.Populate(&client), egg.Routes(func(r *egg.Router) {
		r.Get("/fan", func(ec *egg.Ctx) error {
			ec.RequestID() // settle the id before sharing the Ctx
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() { errs[i] = client.GetJSON(ec, srv.URL, nil) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					return err
				}
			}
			return ec.JSON(200, "ok")
		})
	}))
	id := app.GET("/fan").Do().Status(200).Result().Header.Get("X-Request-Id")
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.seen) != 4 {
		t.Fatalf("upstream got %d calls, want 4", len(srv.seen))
	}
	for _, r := range srv.seen {
		if r.Header.Get("X-Request-Id") != id {
			t.Errorf("a fanned-out call carried X-Request-Id %q, want %q", r.Header.Get("X-Request-Id"), id)
		}
	}
}

func TestValidTraceparent(t *testing.T) {
	for s, want := range map[string]bool{
		validTP: true,
		"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra": true,
		"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra": false, // version 00 has no more fields
		"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01":       false,
		"00-00000000000000000000000000000000-00f067aa0ba902b7-01":       false,
		"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01":       false,
		"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01":       false,
		"00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01":       false,
		"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0":        false,
		"": false,
	} {
		if got := validTraceparent(s); got != want {
			t.Errorf("validTraceparent(%q) = %v, want %v", s, got, want)
		}
	}
}

// keepingNetwork keeps each request's context, as http.Transport does for
// a dial that outlives the call, and answers 200.
type keepingNetwork struct {
	mu   sync.Mutex
	ctxs []context.Context
}

func (n *keepingNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	n.mu.Lock()
	n.ctxs = append(n.ctxs, context.WithoutCancel(r.Context()))
	n.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

type probeKey struct{}

// A context the Network keeps past the request must not reach the
// recycled *egg.Ctx: looking a value up in it then returns nil instead of
// crashing or reading the next request's state.
func TestKeptContextOutlivesRequest(t *testing.T) {
	n := &keepingNetwork{}
	var client *Client
	app := eggtest.New(t, Module, fx.Populate(&client),
		fx.Decorate(func(Network) Network { return Network{n} }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/call", func(ec *egg.Ctx) error {
				ctx := context.WithValue(ec, probeKey{}, "live")
				if err := client.GetJSON(ec, "http://api.example.com/a", nil); err != nil {
					return err
				}
				return client.GetJSON(ctx, "http://api.example.com/b", nil)
			})
		}))
	app.GET("/call").Do().Status(200)
	app.GET("/call").Do().Status(200) // the pooled Ctx is reused

	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.ctxs) != 4 {
		t.Fatalf("network saw %d calls, want 4", len(n.ctxs))
	}
	for i, ctx := range n.ctxs {
		if v := ctx.Value(probeKey{}); v != nil {
			t.Errorf("call %d: a kept context still reads the request's values (%v)", i, v)
		}
		if c := egg.CtxFrom((&http.Request{}).WithContext(ctx)); c != nil {
			t.Errorf("call %d: a kept context still finds the request's Ctx", i)
		}
	}
}
