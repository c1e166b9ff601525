package socketio_test

import (
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/egg-go/egg/eggtest"
)

func TestConfigValidate(t *testing.T) {
	with := func(fn func(c *socketio.Config)) socketio.Config {
		c := socketio.DefaultConfig()
		fn(&c)
		return c
	}
	for _, tc := range []struct {
		name string
		cfg  socketio.Config
		want string // "" = valid
	}{
		{"defaults", socketio.DefaultConfig(), ""},
		{"path without slash", with(func(c *socketio.Config) { c.Path = "socket.io" }), "SOCKETIO_PATH=/socket.io/"},
		{"path with pattern", with(func(c *socketio.Config) { c.Path = "/{x}/" }), "Path"},
		{"root path", with(func(c *socketio.Config) { c.Path = "/" }), "Path"},
		{"zero ping", with(func(c *socketio.Config) { c.PingInterval = 0 }), "SOCKETIO_PING_INTERVAL=25s"},
		{"negative ack timeout", with(func(c *socketio.Config) { c.AckTimeout = -time.Second }), "SOCKETIO_ACK_TIMEOUT"},
		{"no buffer", with(func(c *socketio.Config) { c.MaxHTTPBufferSize = 0 }), "MaxHTTPBufferSize"},
		{"no transports", with(func(c *socketio.Config) { c.Transports = nil }), "SOCKETIO_TRANSPORTS=polling,websocket"},
		{"unknown transport", with(func(c *socketio.Config) { c.Transports = []string{"webtransport"} }), `"polling" and "websocket"`},
		{"namespace without slash", with(func(c *socketio.Config) { c.Namespaces = []socketio.NamespaceConfig{{Name: "chat"}} }), `must start with "/"`},
		{"namespace twice", with(func(c *socketio.Config) {
			c.Namespaces = []socketio.NamespaceConfig{{Name: "/chat"}, {Name: "/chat"}}
		}), "listed twice"},
		{"bad redis url", with(func(c *socketio.Config) { c.RedisURL = "http://x" }), "SOCKETIO_REDIS_URL=redis://"},
		{"redis key with #", with(func(c *socketio.Config) { c.RedisKey = "a#b" }), "RedisKey"},
		{"websocket only", with(func(c *socketio.Config) { c.Transports = []string{"websocket"} }), ""},
		{"redis url", with(func(c *socketio.Config) { c.RedisURL = "rediss://user:pw@redis.internal:6380/2" }), ""},
	} {
		err := tc.cfg.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

// TestConfigNamespaceDoesNotAlias: Namespace adds an entry without writing
// into a slice another config shares.
func TestConfigNamespaceDoesNotAlias(t *testing.T) {
	base := socketio.DefaultConfig()
	base.Namespace("/a")
	a, b := base, base
	a.Namespace("/x").PacketMiddleware = []string{"p"}
	b.Namespace("/y")
	if len(a.Namespaces) != 2 || a.Namespaces[1].Name != "/x" || len(b.Namespaces) != 2 || b.Namespaces[1].Name != "/y" {
		t.Errorf("a %v, b %v", a.Namespaces, b.Namespaces)
	}
	if got := a.Namespace("x"); got.Name != "/x" || len(got.PacketMiddleware) != 1 {
		t.Errorf("Namespace(\"x\") = %+v, want the /x entry", got)
	}
}

// TestConfigFromEnvironment: the module's fields come from SOCKETIO_*.
func TestConfigFromEnvironment(t *testing.T) {
	t.Setenv("SOCKETIO_PATH", "/ws/")
	t.Setenv("SOCKETIO_TRANSPORTS", "websocket")
	t.Setenv("SOCKETIO_ACK_TIMEOUT", "3s")
	var cfg socketio.Config
	eggtest.New(t, socketio.Module, egg.Configure(func(*socketio.Config) {}), fxPopulate(&cfg))
	if cfg.Path != "/ws/" || len(cfg.Transports) != 1 || cfg.Transports[0] != "websocket" || cfg.AckTimeout != 3*time.Second {
		t.Errorf("%+v", cfg)
	}
}

// TestStartFailsWithoutRedis: a RedisURL nobody answers fails start-up
// naming the variable and the fix.
func TestStartFailsWithoutRedis(t *testing.T) {
	_, err := eggtest.Start(t, socketio.Module,
		egg.Configure(func(c *socketio.Config) { c.RedisURL = "redis://127.0.0.1:1" }))
	if err == nil || !strings.Contains(err.Error(), "cannot connect to the Redis adapter's server 127.0.0.1:1 (env SOCKETIO_REDIS_URL)") ||
		!strings.Contains(err.Error(), "start Redis or point SOCKETIO_REDIS_URL at it") {
		t.Fatalf("err = %v", err)
	}
}
