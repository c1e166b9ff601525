package prometheus_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/httpclient/httpclienttest"
	"go.uber.org/fx"
)

// call makes one call through the app's client and drains the answer.
func call(t *testing.T, c *httpclient.Client, method, url string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// Calls through the app's httpclient are counted by host, method and
// status class, "error" when no response came; paths are not labels.
func TestHTTPClientCalls(t *testing.T) {
	ic := httpclienttest.Intercept(t,
		httpclienttest.Reply("GET", "api.example.com/users/*", 200, "{}"),
		httpclienttest.Reply("POST", "hooks.example.com/notify", 503, ""),
		httpclienttest.Fail("GET", "down.example.com/ping", errors.New("connection refused")),
	)
	var c *httpclient.Client
	app := eggtest.New(t, prometheus.Module, httpclient.Module, ic, fx.Populate(&c))
	call(t, c, "GET", "https://api.example.com/users/1")
	call(t, c, "GET", "https://API.example.com/users/2")
	call(t, c, "POST", "https://hooks.example.com/notify")
	call(t, c, "GET", "https://down.example.com/ping")

	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, "http_client_requests_total", "host=api.example.com,method=GET,status=2xx", 2)
	expect(t, mfs, "http_client_requests_total", "host=hooks.example.com,method=POST,status=5xx", 1)
	expect(t, mfs, "http_client_requests_total", "host=down.example.com,method=GET,status=error", 1)
	expect(t, mfs, "http_client_request_duration_seconds", "host=api.example.com,method=GET,status=2xx", 2)
	if n := len(seriesOf(mfs, "http_client_requests_total")); n != 3 {
		t.Errorf("%d series, want 3: %v", n, seriesOf(mfs, "http_client_requests_total"))
	}
}

// A real call to a second test server, made from a request handler.
func TestHTTPClientRealServer(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	defer upstream.Close()
	app := eggtest.New(t, prometheus.Module, httpclient.Module,
		egg.Routes(func(r *egg.Router, hc *httpclient.Client) {
			r.Get("/proxy", func(c *egg.Ctx) error {
				req, _ := http.NewRequestWithContext(c, "GET", upstream.URL+"/tea", nil)
				res, err := hc.Do(req)
				if err != nil {
					return err
				}
				res.Body.Close()
				return c.Text(200, res.Status)
			})
		}))
	app.GET("/proxy").Do().Status(200)
	mfs := scrape(t, app, "/metrics")
	host := strings.TrimPrefix(upstream.URL, "http://")
	expect(t, mfs, "http_client_requests_total", "host="+host+",method=GET,status=4xx", 1)
	expect(t, mfs, requests, "method=GET,pattern=/proxy,route=,status=2xx", 1)
}

// Beyond MaxClientHosts, hosts share host="<other>", and a warning says
// so once.
func TestHTTPClientHostCap(t *testing.T) {
	ic := httpclienttest.Intercept(t, httpclienttest.Reply("GET", "*/x", 200, ""))
	var c *httpclient.Client
	app := eggtest.New(t, prometheus.Module, httpclient.Module, ic, fx.Populate(&c),
		egg.Configure(func(c *prometheus.Config) { c.MaxClientHosts = 2 }))
	for _, h := range []string{"a.example", "b.example", "c.example", "d.example", "a.example"} {
		call(t, c, "GET", "https://"+h+"/x")
	}
	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, "http_client_requests_total", "host=a.example,method=GET,status=2xx", 2)
	expect(t, mfs, "http_client_requests_total", "host=b.example,method=GET,status=2xx", 1)
	expect(t, mfs, "http_client_requests_total", "host=<other>,method=GET,status=2xx", 2)
	app.ExpectLog(`more hosts than Config.MaxClientHosts`)
}
