package redis

import (
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/redis/go-redis/v9/maintnotifications"
)

func TestValidate(t *testing.T) {
	with := func(fn func(c *Config)) Config {
		c := DefaultConfig()
		fn(&c)
		return c
	}
	tests := []struct {
		name  string
		cfg   Config
		field string // "" = valid
		want  string // part of the reason
	}{
		{"defaults", DefaultConfig(), "", ""},
		{"url", with(func(c *Config) { c.Client.URL = "redis://:pw@cache:6379/2" }), "", ""},
		{"named clients", with(func(c *Config) {
			c.Clients = map[string]ClientConfig{"cache": {URL: "redis://h/1"}, "queue.main": {Addrs: []string{"a:1", "b:2"}}}
			c.SessionClient = "cache"
		}), "", ""},
		{"disabled default", with(func(c *Config) { c.Client = ClientConfig{Disabled: true, URL: "not a url"} }), "", ""},
		{"bad url", with(func(c *Config) { c.Client.URL = "cache:6379" }), "Client.URL", `client "default": the URL has no scheme`},
		{"url and addrs", with(func(c *Config) { c.Client.URL = "redis://h"; c.Client.Addrs = []string{"h:1"} }), "Client.Addrs", "set one of them (REDIS_URL or REDIS_ADDRS)"},
		{"bad addr", with(func(c *Config) { c.Client.Addrs = []string{"h:70000"} }), "Client.Addrs", `"h:70000" has a port outside 1-65535`},
		{"db twice", with(func(c *Config) { c.Client.URL = "redis://h/1"; c.Client.DB = 2 }), "Client.DB", "in the URL's path only"},
		{"negative db", with(func(c *Config) { c.Client.DB = -1 }), "Client.DB", "0 or more"},
		{"cluster db", with(func(c *Config) { c.Client.Addrs = []string{"a:1", "b:1"}; c.Client.DB = 3 }), "Client.DB", "only db 0"},
		{"sentinel and cluster", with(func(c *Config) { c.Client.MasterName = "m"; c.Client.Cluster = true }), "Client.Cluster", "set one of them"},
		{"two master names", with(func(c *Config) { c.Client.URL = "redis://s?master_name=a"; c.Client.MasterName = "b" }), "Client.MasterName", "differ"},
		{"cert without key", with(func(c *Config) { c.Client.TLSCertFile = "c.pem" }), "Client.TLSCertFile", "set both or neither"},
		{"protocol", with(func(c *Config) { c.Client.Protocol = 4 }), "Client.Protocol", "REDIS_PROTOCOL=2"},
		{"negative timeout", with(func(c *Config) { c.Client.ConnectTimeout = -time.Second }), "Client.ConnectTimeout", "REDIS_CONNECT_TIMEOUT=5s"},
		{"negative pool", with(func(c *Config) { c.Client.PoolSize = -1 }), "Client.PoolSize", "must not be negative"},
		{"retries", with(func(c *Config) { c.Client.MaxRetries = -2 }), "Client.MaxRetries", "-1 (no retries)"},
		{"client named default", with(func(c *Config) { c.Clients = map[string]ClientConfig{"default": {}} }), "Clients", "Config.Client's name"},
		{"bad client name", with(func(c *Config) { c.Clients = map[string]ClientConfig{"my cache": {}} }), "Clients", `"my cache": use 1-64 letters`},
		{"named client error", with(func(c *Config) { c.Clients = map[string]ClientConfig{"cache": {URL: "http://h"}} }), "Clients[cache].URL", `client "cache": the URL has a scheme`},
		{"named client field", with(func(c *Config) { c.Clients = map[string]ClientConfig{"cache": {Protocol: 1}} }), "Clients[cache].Protocol", "the field=2"},
		{"unknown session client", with(func(c *Config) { c.SessionClient = "sessions" }), "SessionClient", `client "sessions", which Config.Clients does not have; configured: default`},
		{"unknown lock client", with(func(c *Config) { c.LockClient = "locks" }), "LockClient", "REDIS_LOCK_CLIENT=default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var fe *egg.ConfigFieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, want an egg.ConfigFieldError", err)
			}
			if fe.Field != tt.field || !strings.Contains(fe.Reason, tt.want) {
				t.Fatalf("Validate() = field %s, reason %q; want field %s and a reason containing %q", fe.Field, fe.Reason, tt.field, tt.want)
			}
		})
	}
}

func TestTLSConfig(t *testing.T) {
	ep := func(cc ClientConfig) endpoint {
		e, err := cc.endpoint()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	plain := ClientConfig{}
	if c, err := plain.tlsConfig(ep(plain)); err != nil || c != nil {
		t.Errorf("no TLS field: %v, %v; want no TLS", c, err)
	}
	for _, cc := range []ClientConfig{{URL: "rediss://h"}, {TLS: true}, {TLSServerName: "redis.internal"}, {TLSInsecureSkipVerify: true}} {
		c, err := cc.tlsConfig(ep(cc))
		if err != nil || c == nil || c.MinVersion != tls.VersionTLS12 {
			t.Errorf("%+v: %v, %v; want TLS 1.2+", cc, c, err)
			continue
		}
		if c.ServerName != cc.TLSServerName || c.InsecureSkipVerify != cc.TLSInsecureSkipVerify {
			t.Errorf("%+v: ServerName %q InsecureSkipVerify %v", cc, c.ServerName, c.InsecureSkipVerify)
		}
	}
	own := &tls.Config{ServerName: "mine", MinVersion: tls.VersionTLS13}
	cc := ClientConfig{TLSConfig: own}
	if c, err := cc.tlsConfig(ep(cc)); err != nil || c == own || c.ServerName != "mine" || c.MinVersion != tls.VersionTLS13 {
		t.Errorf("TLSConfig: %v, %v; want a clone of it", c, err)
	}
	missing := ClientConfig{TLSCAFile: "testdata/none.pem"}
	if _, err := missing.tlsConfig(ep(missing)); err == nil || !strings.Contains(err.Error(), "TLSCAFile") {
		t.Errorf("missing CA file: %v", err)
	}
	notPEM := ClientConfig{TLSCAFile: "url.go"}
	if _, err := notPEM.tlsConfig(ep(notPEM)); err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("CA file that is not PEM: %v", err)
	}
	badPair := ClientConfig{TLSCertFile: "url.go", TLSKeyFile: "url.go"}
	if _, err := badPair.tlsConfig(ep(badPair)); err == nil || !strings.Contains(err.Error(), "TLSCertFile/TLSKeyFile") {
		t.Errorf("cert and key that are not PEM: %v", err)
	}
}

func TestOptions(t *testing.T) {
	cc := ClientConfig{URL: "redis://u:p@h:1/3", Protocol: 2, PoolSize: 7, DialTimeout: time.Second, ReadTimeout: 2 * time.Second,
		WriteTimeout: 3 * time.Second, MaxRetries: -1, SentinelPassword: "sp"}
	e, err := cc.endpoint()
	if err != nil {
		t.Fatal(err)
	}
	o, err := cc.options(e)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Addrs) != 1 || o.Addrs[0] != "h:1" || o.DB != 3 || o.Username != "u" || o.Password != "p" || o.Protocol != 2 ||
		o.PoolSize != 7 || o.DialTimeout != time.Second || o.ReadTimeout != 2*time.Second || o.WriteTimeout != 3*time.Second ||
		o.MaxRetries != -1 || o.SentinelPassword != "sp" || !o.ContextTimeoutEnabled || o.IsClusterMode || o.TLSConfig != nil {
		t.Errorf("options: %+v", o)
	}
	if o.MaintNotificationsConfig == nil || o.MaintNotificationsConfig.Mode != maintnotifications.ModeDisabled {
		t.Errorf("maintenance notifications: %+v, want off by default", o.MaintNotificationsConfig)
	}
	cc.MaintNotifications = true
	if o, _ := cc.options(e); o.MaintNotificationsConfig != nil {
		t.Errorf("MaintNotifications: %+v, want go-redis's default (auto)", o.MaintNotificationsConfig)
	}
}
