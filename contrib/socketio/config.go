package socketio

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// Config configures the socketio module (egg-socket.io's config.io). Set
// it with egg.Configure(func(c *socketio.Config) {...}) or with the
// environment variables named below; egg validates it at start-up.
type Config struct {
	// Path is where the Socket.IO endpoint is mounted on the app's
	// router; clients connect with the same path option. It starts and
	// ends with "/". Default "/socket.io/" (socket.io's). Env SOCKETIO_PATH.
	Path string `env:"PATH"`

	// Namespaces declares namespaces and their named middleware, Egg's
	// io.namespace['/chat'] = {connectionMiddleware, packetMiddleware}.
	// A namespace used with Server.Of needs no entry; one listed here
	// exists from start-up even without routes. Middleware names must be
	// registered with Server.ConnectionMiddleware / PacketMiddleware (or
	// the module options of the same names), else start-up fails naming
	// them. Default: none. Not settable from the environment.
	Namespaces []NamespaceConfig

	// PingInterval is how often the server pings each client; a client
	// that does not answer within PingTimeout is dropped. Defaults 25s and
	// 20s (socket.io's). Env SOCKETIO_PING_INTERVAL, SOCKETIO_PING_TIMEOUT.
	PingInterval time.Duration `env:"PING_INTERVAL"`
	PingTimeout  time.Duration `env:"PING_TIMEOUT"`

	// ConnectTimeout drops a client that opened a connection but joined no
	// namespace within it. Default 45s (socket.io's).
	// Env SOCKETIO_CONNECT_TIMEOUT.
	ConnectTimeout time.Duration `env:"CONNECT_TIMEOUT"`

	// MaxHTTPBufferSize is the largest message (or long-polling request
	// body) a client may send, in bytes; a bigger one closes its
	// connection. Default 1000000 (socket.io's). Env SOCKETIO_MAX_HTTP_BUFFER_SIZE.
	MaxHTTPBufferSize int64 `env:"MAX_HTTP_BUFFER_SIZE"`

	// Transports are the transports clients may use: "polling",
	// "websocket" or both. Long-polling needs sticky sessions behind a
	// balancer; a websocket-only deployment does not. Default
	// polling,websocket. Env SOCKETIO_TRANSPORTS, comma-separated.
	Transports []string `env:"TRANSPORTS"`

	// AckTimeout bounds waiting for a client's acknowledgement
	// (Ctx.EmitWithAck, Broadcast.EmitWithAck) when the caller's context
	// has no earlier deadline. Default 10s. Env SOCKETIO_ACK_TIMEOUT.
	AckTimeout time.Duration `env:"ACK_TIMEOUT"`

	// ServeClient serves a browser client script at <Path>socket.io.js,
	// so a page works with no internet access. It serves the files of
	// ClientDir when set, else egg's own small client (see ClientScript).
	// Default true. Env SOCKETIO_SERVE_CLIENT.
	ServeClient bool `env:"SERVE_CLIENT"`

	// ClientDir is a directory holding the npm socket.io-client's dist
	// files (socket.io.js, socket.io.min.js, socket.io.esm.min.js and
	// their .map files), served at <Path><file> instead of egg's small
	// client. Default "" (egg's client). Env SOCKETIO_CLIENT_DIR.
	ClientDir string `env:"CLIENT_DIR"`

	// RedisURL switches on the Redis adapter: instances sharing this Redis
	// share rooms, broadcasts and fetchSockets, with each other and with
	// Node servers using @socket.io/redis-adapter 8 on the same Redis and
	// RedisKey. Form redis://[user:password@]host:port[/db] (rediss:// for
	// TLS). Default "" (one instance, rooms in memory).
	// Env SOCKETIO_REDIS_URL. Masked in the config dump.
	RedisURL string `env:"REDIS_URL" secret:"true"`

	// RedisKey prefixes the adapter's Redis channels; it must match the
	// Node servers' `key` option to share rooms with them. Default
	// "socket.io" (@socket.io/redis-adapter's). Env SOCKETIO_REDIS_KEY.
	RedisKey string `env:"REDIS_KEY"`

	// RequestsTimeout bounds a request to the other instances
	// (fetchSockets, allRooms, serverSideEmit with an ack,
	// remoteDisconnect): when an instance does not answer within it, the
	// request fails with a timeout error instead of hanging. Default 5s
	// (@socket.io/redis-adapter's). Env SOCKETIO_REQUESTS_TIMEOUT.
	RequestsTimeout time.Duration `env:"REQUESTS_TIMEOUT"`
}

// NamespaceConfig is one namespace's named middleware, run in the order
// listed (Egg's io.namespace[name]).
type NamespaceConfig struct {
	// Name is the namespace, starting with "/": "/" or "/chat".
	Name string
	// ConnectionMiddleware run when a client joins the namespace (before
	// next) and when it leaves (after next).
	ConnectionMiddleware []string
	// PacketMiddleware run for every event a client sends.
	PacketMiddleware []string
}

// DefaultConfig returns the module's defaults.
func DefaultConfig() Config {
	return Config{
		Path:              "/socket.io/",
		PingInterval:      25 * time.Second,
		PingTimeout:       20 * time.Second,
		ConnectTimeout:    45 * time.Second,
		MaxHTTPBufferSize: 1_000_000,
		Transports:        []string{"polling", "websocket"},
		AckTimeout:        10 * time.Second,
		ServeClient:       true,
		RedisKey:          "socket.io",
		RequestsTimeout:   5 * time.Second,
	}
}

// Namespace returns the entry for name, adding one when there is none,
// so a Configure can write
//
//	c.Namespace("/chat").ConnectionMiddleware = []string{"auth"}
func (c *Config) Namespace(name string) *NamespaceConfig {
	name = normalizeNamespace(name)
	for i := range c.Namespaces {
		if c.Namespaces[i].Name == name {
			return &c.Namespaces[i]
		}
	}
	// copy, so a config never appends into a slice another config shares
	c.Namespaces = append(slices.Clip(c.Namespaces), NamespaceConfig{Name: name})
	return &c.Namespaces[len(c.Namespaces)-1]
}

// Validate fails start-up on a config that cannot work; egg adds the
// module, the value and the layer that set it to the message.
func (c *Config) Validate() error {
	if !strings.HasPrefix(c.Path, "/") || !strings.HasSuffix(c.Path, "/") || len(c.Path) < 3 || strings.ContainsAny(c.Path, "?#*{}: ") {
		return egg.InvalidConfig("Path", `must be a path starting and ending with "/", e.g. SOCKETIO_PATH=/socket.io/`)
	}
	for _, d := range []struct {
		field, env string
		v          time.Duration
	}{
		{"PingInterval", "SOCKETIO_PING_INTERVAL=25s", c.PingInterval},
		{"PingTimeout", "SOCKETIO_PING_TIMEOUT=20s", c.PingTimeout},
		{"ConnectTimeout", "SOCKETIO_CONNECT_TIMEOUT=45s", c.ConnectTimeout},
		{"AckTimeout", "SOCKETIO_ACK_TIMEOUT=10s", c.AckTimeout},
		{"RequestsTimeout", "SOCKETIO_REQUESTS_TIMEOUT=5s", c.RequestsTimeout},
	} {
		if d.v <= 0 {
			return egg.InvalidConfig(d.field, "must be positive, e.g. "+d.env)
		}
	}
	if c.MaxHTTPBufferSize <= 0 {
		return egg.InvalidConfig("MaxHTTPBufferSize", "must be positive, e.g. SOCKETIO_MAX_HTTP_BUFFER_SIZE=1000000")
	}
	if len(c.Transports) == 0 {
		return egg.InvalidConfig("Transports", "list at least one transport, e.g. SOCKETIO_TRANSPORTS=polling,websocket")
	}
	for _, t := range c.Transports {
		if t != "polling" && t != "websocket" {
			return egg.InvalidConfig("Transports", `knows only "polling" and "websocket", e.g. SOCKETIO_TRANSPORTS=websocket`)
		}
	}
	seen := map[string]bool{}
	for _, n := range c.Namespaces {
		if !strings.HasPrefix(n.Name, "/") {
			return egg.InvalidConfig("Namespaces", `namespace `+quote(n.Name)+` must start with "/", e.g. "/chat"`)
		}
		if seen[n.Name] {
			return egg.InvalidConfig("Namespaces", "namespace "+quote(n.Name)+" is listed twice; merge its middleware into one entry")
		}
		seen[n.Name] = true
	}
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") || (u.Scheme != "unix" && u.Host == "") {
			return egg.InvalidConfig("RedisURL", "must be a Redis URL, e.g. SOCKETIO_REDIS_URL=redis://127.0.0.1:6379/0")
		}
	}
	if c.RedisKey == "" || strings.Contains(c.RedisKey, "#") {
		return egg.InvalidConfig("RedisKey", `must be non-empty without "#", e.g. SOCKETIO_REDIS_KEY=socket.io`)
	}
	return nil
}

// normalizeNamespace gives name the leading "/" socket.io adds.
func normalizeNamespace(name string) string {
	if !strings.HasPrefix(name, "/") {
		return "/" + name
	}
	return name
}

func quote(s string) string { return `"` + s + `"` }
