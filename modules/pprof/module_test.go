package pprof_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/pprof"
	"go.uber.org/fx"
)

func on(addr string, allow bool) fx.Option {
	return egg.Configure(func(c *pprof.Config) { c.Enabled, c.Addr, c.AllowNonLoopback = true, addr, allow })
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestOffByDefault(t *testing.T) {
	var s *pprof.Server
	var cfg pprof.Config
	eggtest.New(t, pprof.Module, fx.Populate(&s, &cfg))
	if cfg.Enabled || cfg.Addr != "127.0.0.1:6060" || s.Addr() != "" {
		t.Errorf("config %+v, addr %q", cfg, s.Addr())
	}
}

// The profiles answer on their own loopback listener and never on the
// app's port; the listener closes with the app.
func TestProfilesOnLoopbackOnly(t *testing.T) {
	var s *pprof.Server
	app, err := egg.New(egg.Env("unittest"), egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard), egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }), pprof.Module, on("127.0.0.1:0", false), fx.Populate(&s))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	addr := s.Addr()
	if host, _, _ := net.SplitHostPort(addr); host != "127.0.0.1" || addr == app.Addr() {
		t.Fatalf("pprof on %q, app on %q", addr, app.Addr())
	}
	for path, want := range map[string]string{
		"/debug/pprof/":                  "goroutine",
		"/debug/pprof/heap?debug=1":      "heap profile",
		"/debug/pprof/goroutine?debug=1": "goroutine profile",
		"/debug/pprof/cmdline":           "",
		"/debug/pprof/profile?seconds=1": "",
	} {
		if code, body := get(t, "http://"+addr+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %.80q", path, code, body)
		}
	}
	if code, _ := get(t, "http://"+app.Addr()+"/debug/pprof/"); code != 404 {
		t.Errorf("the app's port answers /debug/pprof/ with %d", code)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("the profiling listener is still open after Stop")
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "10.1.2.3:6060", "example.com:6060"} {
		_, err := eggtest.Start(t, pprof.Module, on(addr, false))
		if err == nil || !strings.Contains(err.Error(), "which is not a loopback address") || !strings.Contains(err.Error(), "PPROF_ALLOW_NON_LOOPBACK") {
			t.Errorf("%s: %v", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "[::1]:0", "localhost:0"} {
		if addr == "[::1]:0" {
			if ln, err := net.Listen("tcp", addr); err != nil {
				continue // no IPv6 loopback here
			} else {
				ln.Close()
			}
		}
		var s *pprof.Server
		eggtest.New(t, pprof.Module, on(addr, false), fx.Populate(&s))
		if ip := net.ParseIP(strings.Trim(s.Addr()[:strings.LastIndex(s.Addr(), ":")], "[]")); ip == nil || !ip.IsLoopback() {
			t.Errorf("%s listens on %q", addr, s.Addr())
		}
	}
}

// AllowNonLoopback opens it beyond loopback, with a warning.
func TestAllowNonLoopback(t *testing.T) {
	var s *pprof.Server
	app := eggtest.New(t, pprof.Module, on("0.0.0.0:0", true), fx.Populate(&s))
	if !strings.HasPrefix(s.Addr(), "0.0.0.0:") && !strings.HasPrefix(s.Addr(), "[::]:") {
		t.Errorf("addr %q", s.Addr())
	}
	app.ExpectLog("pprof: Go profiles are served beyond loopback")
}

func TestConfigErrors(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	tests := []struct {
		opts []fx.Option
		want string
	}{
		{[]fx.Option{on("6060", false)}, `pprof: Addr (PPROF_ADDR) is "6060", not host:port`},
		{[]fx.Option{on("127.0.0.1:99999", false)}, "its port must be 0-65535"},
		{[]fx.Option{on("127.0.0.1:7001", false)}, `uses the app's own port 7001; profiles never go on the public port`},
		{[]fx.Option{on(taken.Addr().String(), false)}, "pprof: cannot listen on " + taken.Addr().String()},
	}
	for _, tt := range tests {
		_, err := eggtest.Start(t, append([]fx.Option{pprof.Module}, tt.opts...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
	// a disabled module does not judge its address
	eggtest.New(t, pprof.Module, egg.Configure(func(c *pprof.Config) { c.Addr = "anything" }))
}
