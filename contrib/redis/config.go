package redis

import (
	"crypto/tls"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// DefaultClient is the name of the default client: Config.Client, the
// UniversalClient the module provides, "default" in logs, errors and
// readiness checks.
const DefaultClient = "default"

// Defaults of the fields where 0 means "the default".
const (
	// DefaultConnectTimeout is ClientConfig.ConnectTimeout's default.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultRetryInterval is ClientConfig.RetryInterval's default.
	DefaultRetryInterval = time.Second
)

// Config is module "redis"'s config (egg-redis's config.redis), env prefix
// REDIS_. The default client is Client; add more under Clients (Egg's
// `clients`) and reach them with Clients.Get(name) (Egg's
// app.redis.get(id)). Set it with egg.Configure(func(c *redis.Config)
// {...}) or the environment variables named below.
type Config struct {
	// Client is the default client, named "default": the
	// redis.UniversalClient the module provides, and the client of
	// SessionStore and ScheduleLocker unless SessionClient / LockClient
	// name another. Its fields read REDIS_URL, REDIS_PASSWORD, ... (see
	// ClientConfig). With nothing set it connects to 127.0.0.1:6379, db 0.
	Client ClientConfig
	// Clients are more clients by name (Egg's `clients`): letters,
	// digits, '-', '_' and '.'; "default" is Client's. Set them in code
	// (not from the environment); each field means what it means in
	// Client. Default none.
	Clients map[string]ClientConfig
	// SessionClient names the client SessionStore keeps sessions in.
	// Default "default". Env REDIS_SESSION_CLIENT.
	SessionClient string `env:"SESSION_CLIENT"`
	// SessionPrefix starts the key of every session: key = prefix +
	// session id. Default "": "egg:session:<app name>:", so apps sharing
	// a Redis do not share sessions, while the instances of one app (one
	// egg.Name) do. Env REDIS_SESSION_PREFIX.
	SessionPrefix string `env:"SESSION_PREFIX"`
	// LockClient names the client ScheduleLocker claims ticks on (the
	// keys are schedule.Config.LockPrefix + name + tick). Default
	// "default". Env REDIS_LOCK_CLIENT.
	LockClient string `env:"LOCK_CLIENT"`
}

// ClientConfig configures one client. Where the client connects comes
// from URL, else from Addrs, else 127.0.0.1:6379: one address is a
// single server, several (or Cluster) a Redis Cluster, and MasterName
// makes them Sentinels. The environment variables named below set the
// default client (Config.Client); named clients are set in code.
type ClientConfig struct {
	// URL says where to connect in one string (see URL):
	// redis://[user:password@]host:port/db, rediss:// for TLS, ?addr=
	// for more addresses, ?master_name= for Sentinel. Shown without its
	// password in the config dump. Set URL or Addrs, not both. Default
	// "". Env REDIS_URL.
	URL URL `env:"URL"`
	// Addrs are host:port addresses: one server, the seed nodes of a
	// cluster, or the Sentinels of MasterName. Default none
	// (127.0.0.1:6379). Env REDIS_ADDRS, comma-separated.
	Addrs []string `env:"ADDRS"`
	// DB is the database number, single server and Sentinel only. With
	// URL, the db is the URL's path. Default 0. Env REDIS_DB.
	DB int `env:"DB"`
	// Username is the ACL user (Redis 6+). It replaces the URL's user
	// when set. Default "" (the default user). Env REDIS_USERNAME.
	Username string `env:"USERNAME"`
	// Password authenticates the client (AUTH). It replaces the URL's
	// password when set, so the URL can live in a config map and the
	// password in a secret. Masked in the config dump. Default "".
	// Env REDIS_PASSWORD.
	Password string `env:"PASSWORD"`
	// MasterName makes Addrs Sentinels and connects to the master they
	// name (Egg's sentinels + name). Default "". Env REDIS_MASTER_NAME.
	MasterName string `env:"MASTER_NAME"`
	// SentinelUsername is the user the Sentinels want, when they need
	// one. Default "". Env REDIS_SENTINEL_USERNAME.
	SentinelUsername string `env:"SENTINEL_USERNAME"`
	// SentinelPassword authenticates to the Sentinels, when they need
	// it. Masked in the config dump. Default "".
	// Env REDIS_SENTINEL_PASSWORD.
	SentinelPassword string `env:"SENTINEL_PASSWORD"`
	// Cluster treats a single address as a Redis Cluster's
	// configuration endpoint (several addresses always mean a cluster).
	// Default false. Env REDIS_CLUSTER.
	Cluster bool `env:"CLUSTER"`
	// TLS connects with TLS (as a rediss:// URL does), verifying the
	// server against the system's roots or TLSCAFile. Default false.
	// Env REDIS_TLS.
	TLS bool `env:"TLS"`
	// TLSServerName is the name the server's certificate must carry.
	// Default: the host connected to. Env REDIS_TLS_SERVER_NAME.
	TLSServerName string `env:"TLS_SERVER_NAME"`
	// TLSCAFile is a PEM file of the CAs that sign the server's
	// certificate, instead of the system's roots (a self-signed or
	// private CA). Setting any TLS* field turns TLS on. Default "".
	// Env REDIS_TLS_CA_FILE.
	TLSCAFile string `env:"TLS_CA_FILE"`
	// TLSCertFile is a PEM client certificate, for servers that require
	// one (tls-auth-clients); set TLSKeyFile with it. Default "".
	// Env REDIS_TLS_CERT_FILE.
	TLSCertFile string `env:"TLS_CERT_FILE"`
	// TLSKeyFile is the PEM key of TLSCertFile. The dump shows the
	// path; the key stays in its file. Default "". Env REDIS_TLS_KEY_FILE.
	TLSKeyFile string `env:"TLS_KEY_FILE"`
	// TLSInsecureSkipVerify accepts any server certificate: for a test
	// server only, since anyone on the path can then read and change the
	// traffic. Default false. Env REDIS_TLS_INSECURE_SKIP_VERIFY.
	TLSInsecureSkipVerify bool `env:"TLS_INSECURE_SKIP_VERIFY"`
	// TLSConfig is a complete TLS configuration, for what the fields
	// above cannot say; it turns TLS on and the TLS* fields above do not
	// apply. Code only; masked in the config dump. Default nil.
	TLSConfig *tls.Config `secret:"true"`
	// Protocol is the RESP version: 3 (go-redis's default), or 2 for
	// servers and proxies that do not speak RESP3 (Redis before 6, some
	// proxies). Default 0: go-redis's (3). Env REDIS_PROTOCOL.
	Protocol int `env:"PROTOCOL"`
	// PoolSize is the most connections per server. Default 0: go-redis's
	// (10 per CPU). Env REDIS_POOL_SIZE.
	PoolSize int `env:"POOL_SIZE"`
	// DialTimeout bounds opening one connection. Default 0: go-redis's
	// (5s). Env REDIS_DIAL_TIMEOUT.
	DialTimeout time.Duration `env:"DIAL_TIMEOUT"`
	// ReadTimeout bounds waiting for one command's answer; a context
	// deadline, when sooner, bounds it too. Default 0: go-redis's (5s).
	// Env REDIS_READ_TIMEOUT.
	ReadTimeout time.Duration `env:"READ_TIMEOUT"`
	// WriteTimeout bounds sending one command; a context deadline, when
	// sooner, bounds it too. Default 0: ReadTimeout's.
	// Env REDIS_WRITE_TIMEOUT.
	WriteTimeout time.Duration `env:"WRITE_TIMEOUT"`
	// MaxRetries is how many times a command is retried on a network
	// error (a dropped connection after a server restart), -1 for none.
	// Default 0: go-redis's (3). Env REDIS_MAX_RETRIES.
	MaxRetries int `env:"MAX_RETRIES"`
	// MaintNotifications turns on go-redis's maintenance notifications
	// (its "auto" mode, RESP3 only): Redis Cloud and Enterprise tell the
	// client about failovers and migrations ahead of time, so it moves
	// connections without errors. go-redis starts a goroutine per client
	// for it as soon as the client is made, so egg leaves it off unless
	// asked. Default false. Env REDIS_MAINT_NOTIFICATIONS.
	MaintNotifications bool `env:"MAINT_NOTIFICATIONS"`
	// Weak lets the app start while this client's Redis is down (Egg's
	// weakDependent): start-up logs a warning and goes on, and the client
	// keeps trying in the background (every RetryInterval, logging when
	// it gets through) until it answers or the app closes. Commands fail
	// until then. Default false: start-up waits up to ConnectTimeout for
	// Redis and fails naming the client and its address.
	// Env REDIS_WEAK.
	Weak bool `env:"WEAK"`
	// ConnectTimeout is how long start-up waits for Redis to answer PING,
	// trying every RetryInterval (a server starting beside the app gets
	// time); the app's start timeout bounds it too. Default 0: 10s.
	// Env REDIS_CONNECT_TIMEOUT.
	ConnectTimeout time.Duration `env:"CONNECT_TIMEOUT"`
	// RetryInterval is the pause between connection attempts at start-up
	// and, for a Weak client, in the background. Default 0: 1s.
	// Env REDIS_RETRY_INTERVAL.
	RetryInterval time.Duration `env:"RETRY_INTERVAL"`
	// Disabled leaves the client out: no connection, no readiness check,
	// and Get(name) says it is disabled. Use it to run without a default
	// client when the app uses only named ones. Default false.
	// Env REDIS_DISABLED.
	Disabled bool `env:"DISABLED"`
}

// DefaultConfig returns the defaults: a default client to 127.0.0.1:6379,
// db 0, waited for at start-up up to 10s; no named clients; sessions and
// schedule locks on the default client.
func DefaultConfig() Config {
	return Config{SessionClient: DefaultClient, LockClient: DefaultClient}
}

// Validate checks every client's address fields and the client names,
// without connecting. Each error names the field, its environment variable
// and the fix.
func (c *Config) Validate() error {
	var errs []error
	if !c.Client.Disabled {
		errs = append(errs, c.Client.validate("Client.", DefaultClient, true)...)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Clients)) {
		cc := c.Clients[name]
		switch {
		case name == DefaultClient:
			errs = append(errs, egg.InvalidConfig("Clients", `has a client named "default", which is Config.Client's name; `+
				"configure the default client in Client (env REDIS_URL, ...) or give this one another name"))
		case !validName(name):
			errs = append(errs, egg.InvalidConfig("Clients", fmt.Sprintf("client name %q: use 1-64 letters, digits, '-', '_' or '.', e.g. \"cache\"", name)))
		case !cc.Disabled:
			errs = append(errs, cc.validate(fmt.Sprintf("Clients[%s].", name), name, false)...)
		}
	}
	for _, f := range []struct{ field, env, name string }{
		{"SessionClient", "REDIS_SESSION_CLIENT", c.SessionClient},
		{"LockClient", "REDIS_LOCK_CLIENT", c.LockClient},
	} {
		if f.name == "" || f.name == DefaultClient {
			continue
		}
		if _, ok := c.Clients[f.name]; !ok {
			errs = append(errs, egg.InvalidConfig(f.field, fmt.Sprintf("names client %q, which Config.Clients does not have; configured: %s; "+
				"add it to Clients or set %s=default", f.name, strings.Join(c.names(), ", "), f.env)))
		}
	}
	return errors.Join(errs...)
}

// names lists the configured client names, the default first.
func (c *Config) names() []string {
	return append([]string{DefaultClient}, slices.Sorted(maps.Keys(c.Clients))...)
}

// validate checks one client; path is the field path prefix ("Client.",
// "Clients[cache]."), and env tells whether its fields have environment
// variables.
func (cc *ClientConfig) validate(path, name string, env bool) []error {
	var errs []error
	field := func(f, envName, reason string) {
		if env {
			reason = strings.ReplaceAll(reason, "$ENV", "REDIS_"+envName)
		} else {
			reason = strings.ReplaceAll(reason, "$ENV", "the field")
		}
		errs = append(errs, egg.InvalidConfig(path+f, fmt.Sprintf("client %q: %s", name, reason)))
	}
	if _, err := cc.endpoint(); err != nil {
		var fe *endpointError
		if errors.As(err, &fe) {
			field(fe.field, fe.env, fe.reason)
		}
	}
	if (cc.TLSCertFile == "") != (cc.TLSKeyFile == "") {
		field("TLSCertFile", "TLS_CERT_FILE", "a client certificate needs both TLSCertFile and TLSKeyFile (REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE); set both or neither")
	}
	if cc.Protocol != 0 && cc.Protocol != 2 && cc.Protocol != 3 {
		field("Protocol", "PROTOCOL", "must be 2 or 3 (0 for go-redis's default, 3); set $ENV=2 for servers that do not speak RESP3")
	}
	for _, d := range []struct {
		f, env string
		v      time.Duration
	}{
		{"DialTimeout", "DIAL_TIMEOUT", cc.DialTimeout}, {"ReadTimeout", "READ_TIMEOUT", cc.ReadTimeout},
		{"WriteTimeout", "WRITE_TIMEOUT", cc.WriteTimeout}, {"ConnectTimeout", "CONNECT_TIMEOUT", cc.ConnectTimeout},
		{"RetryInterval", "RETRY_INTERVAL", cc.RetryInterval},
	} {
		if d.v < 0 {
			field(d.f, d.env, "must not be negative; 0 means the default, e.g. $ENV=5s")
		}
	}
	if cc.PoolSize < 0 {
		field("PoolSize", "POOL_SIZE", "must not be negative; 0 means go-redis's default (10 per CPU)")
	}
	if cc.MaxRetries < -1 {
		field("MaxRetries", "MAX_RETRIES", "must be -1 (no retries), 0 (go-redis's default, 3) or more")
	}
	return errs
}

// validName accepts 1-64 characters of [A-Za-z0-9-_.].
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}
