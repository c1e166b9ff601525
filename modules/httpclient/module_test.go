package httpclient

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

// One event per call, registered from the app's graph, with what metrics
// need; a redirect the client follows is a call of its own.
func TestCallEvents(t *testing.T) {
	srv := newUpstream(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	var ev *events
	app := eggtest.New(t, Module,
		fx.Invoke(func(c *Client) { ev = recordEvents(c) }),
		egg.Routes(func(r *egg.Router, c *Client) {
			r.Get("/call", func(ec *egg.Ctx) error { return c.GetJSON(ec, srv.URL+"/old?token=s3cret", nil) })
		}),
	)
	app.GET("/call").Header("X-Request-Id", "r-1").Do().Status(200)
	all := ev.all()
	if len(all) != 2 {
		t.Fatalf("got %d events, want 2 (the redirect and its target): %+v", len(all), all)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	for i, want := range []struct {
		path   string
		status int
	}{{"/old", 302}, {"/new", 200}} {
		e := all[i]
		if e.Method != "GET" || e.Host != host || e.Path != want.path || e.Status != want.status ||
			e.Attempts != 1 || e.RequestID != "r-1" || e.Err != nil || e.Start.IsZero() || e.Duration <= 0 {
			t.Errorf("event %d = %+v, want GET %s%s %d for request r-1", i, e, host, want.path, want.status)
		}
	}
	app.ExpectLog(`level=DEBUG msg="httpclient call" logger=httpclient method=GET host=` + host + ` status=302`)
	app.NotExpectLog("s3cret")
}

func TestFailedCallLoggedAtWarn(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	url := srv.URL
	srv.Close() // nothing listens there any more
	app := eggtest.New(t, Module, egg.Routes(func(r *egg.Router, c *Client) {
		r.Get("/call", func(ec *egg.Ctx) error { return c.GetJSON(ec, url, nil) })
	}))
	app.GET("/call").Do().Status(500)
	app.ExpectLog(`level=WARN msg="httpclient call failed" logger=httpclient method=GET host=` + strings.TrimPrefix(url, "http://") + ` status=0`)
	app.ExpectLog(`connection refused`)
}

// closeCounter is a Network that answers 204 and counts
// CloseIdleConnections.
type closeCounter struct{ closed atomic.Int32 }

func (n *closeCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 204, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

func (n *closeCounter) CloseIdleConnections() { n.closed.Add(1) }

// The Network can be decorated, and the app closes its idle connections
// when it stops.
func TestNetworkDecoratedAndClosed(t *testing.T) {
	n := &closeCounter{}
	t.Run("app", func(t *testing.T) {
		var c *Client
		eggtest.New(t, Module, fx.Populate(&c),
			fx.Decorate(func(Network) Network { return Network{n} }))
		if err := c.GetJSON(t.Context(), "http://api.example.com/x", nil); err != nil {
			t.Fatal(err)
		}
		if n.closed.Load() != 0 {
			t.Fatal("idle connections closed while the app runs")
		}
	})
	if n.closed.Load() != 1 {
		t.Fatalf("CloseIdleConnections called %d times when the app stopped, want 1", n.closed.Load())
	}
}

// client.Client is a plain *http.Client with the same stack.
func TestEmbeddedHTTPClient(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	c := newTestClient(t, testConfig(), WithName("svc"))
	ev := recordEvents(c)
	hc := c.Client // a plain *http.Client
	resp, err := hc.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := srv.last(t).Header.Get("User-Agent"); got != "svc egg-go" {
		t.Errorf("User-Agent = %q", got)
	}
	ev.only(t)
}
