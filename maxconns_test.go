package egg_test

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
)

func TestMaxConnsLimitsOpenConnections(t *testing.T) {
	logs := &logBuffer{}
	_, addr := startServer(t, func(c *egg.ServerConfig) { c.MaxConns = 2 }, egg.WithLogHandler(logs.handler()),
		withRoutes(func(r *egg.Router) { r.Get("/ok", func(c *egg.Ctx) error { return c.Text(200, "ok") }) }))
	get := "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"
	var open []*rawConn
	for i := 0; i < 2; i++ { // two keep-alive connections take both slots
		c := dialRaw(t, addr)
		c.send(t, get)
		res := c.response(t, "GET")
		_, _ = io.ReadAll(res.Body)
		if res.StatusCode != 200 || res.Close {
			t.Fatalf("connection %d: %d close=%v", i, res.StatusCode, res.Close)
		}
		open = append(open, c)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "open connections reached ServerConfig.MaxConns") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	mustContain(t, logs.String(), `"level":"WARN"`, "open connections reached ServerConfig.MaxConns", `"max_conns":2`, "EGG_MAX_CONNS")

	third := dialRaw(t, addr) // the kernel completes the handshake; egg does not accept it yet
	third.send(t, get)
	_ = third.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := third.r.Peek(1); err == nil {
		t.Fatal("a third connection was served past MaxConns")
	} else if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
		t.Fatalf("third connection: %v", err)
	}
	open[0].Close() // frees a slot
	_ = third.SetReadDeadline(time.Now().Add(5 * time.Second))
	res := third.response(t, "GET")
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "ok" {
		t.Errorf("third connection after a slot freed: %d %q", res.StatusCode, b)
	}
}

func TestServerConfigValidation(t *testing.T) {
	for _, tt := range []struct {
		cfg  func(*egg.ServerConfig)
		want string
	}{
		{func(c *egg.ServerConfig) { c.DrainTimeout = -1 }, "DrainTimeout"},
		{func(c *egg.ServerConfig) { c.BodyTimeout = -1 }, "BodyTimeout"},
		{func(c *egg.ServerConfig) { c.MaxConns = -1 }, "MaxConns"},
	} {
		err := newErr(t, egg.Configure(tt.cfg))
		if err == nil || !strings.Contains(err.Error(), "config field "+tt.want) || !strings.Contains(err.Error(), "must not be negative") {
			t.Errorf("%s: %v", tt.want, err)
		}
	}
	d := egg.DefaultServerConfig()
	if d.DrainTimeout != time.Second || d.BodyTimeout != 30*time.Second || d.MaxConns != 0 {
		t.Errorf("defaults: %+v", d)
	}
}
