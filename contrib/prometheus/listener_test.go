package prometheus_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

// With Addr set, the metrics are served on their own listener only: the
// app port leaves the path to the app, and the listener answers nothing
// else.
func TestSeparateListener(t *testing.T) {
	var m *prometheus.Metrics
	app := eggtest.New(t, prometheus.Module, users, fx.Populate(&m),
		egg.Configure(func(c *prometheus.Config) { c.Addr = "127.0.0.1:0" }))
	addr := m.Addr()
	if addr == "" || strings.HasSuffix(addr, ":0") {
		t.Fatalf("Addr() = %q, want the listener's real address", addr)
	}
	app.GET("/api/users/1").Do().Status(200)
	app.GET("/metrics").Do().Status(404) // the app's own 404, counted

	mfs := scrapeURL(t, "http://"+addr+"/metrics")
	expect(t, mfs, requests, "method=GET,pattern=/api/users/{id},route=user,status=2xx", 1)
	expect(t, mfs, requests, "method=GET,pattern=<unmatched>,route=,status=4xx", 1)

	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/metrics/", 200},
		{"HEAD", "/metrics", 200},
		{"POST", "/metrics", 405},
		{"GET", "/", 404},
		{"GET", "/api/users/1", 404},
	} {
		req, _ := http.NewRequest(c.method, "http://"+addr+c.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s %s on the listener: %d, want %d", c.method, c.path, res.StatusCode, c.status)
		}
	}
	http.DefaultClient.CloseIdleConnections()
}

// The listener opens in WillReady and closes when the app stops.
func TestListenerClosesOnStop(t *testing.T) {
	var m *prometheus.Metrics
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), prometheus.Module, fx.Populate(&m),
		egg.Configure(func(c *prometheus.Config) { c.Addr = "127.0.0.1:0" }))
	if err != nil {
		t.Fatal(err)
	}
	if m.Addr() != "" {
		t.Fatalf("Addr() = %q before start, want empty", m.Addr())
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	addr := m.Addr()
	if code, _ := get(t, "http://"+addr+"/metrics"); code != 200 {
		t.Fatalf("scrape: %d", code)
	}
	http.DefaultClient.CloseIdleConnections()
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m.Addr() != "" {
		t.Errorf("Addr() = %q after stop, want empty", m.Addr())
	}
	if conn, err := net.Dial("tcp", addr); err == nil {
		conn.Close()
		t.Fatalf("%s still accepts connections after the app stopped", addr)
	}
}

// A busy port fails start-up naming the address and the variable.
func TestListenerBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = eggtest.Start(t, prometheus.Module, egg.Configure(func(c *prometheus.Config) { c.Addr = ln.Addr().String() }))
	if err == nil {
		t.Fatal("start-up succeeded on a busy port")
	}
	for _, want := range []string{`module "prometheus" WillReady failed`, "cannot listen on Addr " + ln.Addr().String(), "PROMETHEUS_ADDR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// PROMETHEUS_ADDR sets the listener from the environment.
func TestListenerFromEnv(t *testing.T) {
	t.Setenv("PROMETHEUS_ADDR", "127.0.0.1:0")
	t.Setenv("PROMETHEUS_PATH", "/internal/metrics")
	var m *prometheus.Metrics
	eggtest.New(t, prometheus.Module, fx.Populate(&m))
	if code, _ := get(t, "http://"+m.Addr()+"/internal/metrics"); code != 200 {
		t.Fatalf("scrape of PROMETHEUS_PATH on PROMETHEUS_ADDR: %d", code)
	}
	http.DefaultClient.CloseIdleConnections()
}
