package httpclient

import (
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

func TestDefaultConfigValid(t *testing.T) {
	cfg := DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Timeout != 5*time.Second || cfg.ConnectTimeout != 5*time.Second || cfg.ResponseHeaderTimeout != 5*time.Second {
		t.Errorf("defaults do not follow Egg's 5 s: %+v", cfg)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		field string
		set   func(*Config)
	}{
		{"Timeout", func(c *Config) { c.Timeout = -1 }},
		{"ConnectTimeout", func(c *Config) { c.ConnectTimeout = -time.Second }},
		{"TLSHandshakeTimeout", func(c *Config) { c.TLSHandshakeTimeout = -1 }},
		{"ResponseHeaderTimeout", func(c *Config) { c.ResponseHeaderTimeout = -1 }},
		{"IdleConnTimeout", func(c *Config) { c.IdleConnTimeout = -1 }},
		{"MaxIdleConns", func(c *Config) { c.MaxIdleConns = -1 }},
		{"MaxIdleConnsPerHost", func(c *Config) { c.MaxIdleConnsPerHost = -1 }},
		{"MaxConnsPerHost", func(c *Config) { c.MaxConnsPerHost = -1 }},
		{"MaxResponseBytes", func(c *Config) { c.MaxResponseBytes = 0 }},
		{"RetryBackoff", func(c *Config) { c.RetryBackoff = 0 }},
		{"RetryMaxBackoff", func(c *Config) { c.RetryMaxBackoff = time.Millisecond }},
		{"UserAgent", func(c *Config) { c.UserAgent = "x\r\nX-Evil: 1" }},
		{"SSRFAllow", func(c *Config) { c.SSRFAllow = []string{"10.0.0.0/40"} }},
		{"SSRFAllowHosts", func(c *Config) { c.SSRFAllowHosts = []string{"http://api.internal"} }},
		{"SSRFAllowHosts", func(c *Config) { c.SSRFAllowHosts = []string{"api.internal:8080"} }},
	} {
		cfg := DefaultConfig()
		tt.set(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%s: Validate = %v, want an error naming the field", tt.field, err)
		}
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted the invalid config", tt.field)
		}
	}
	zero := DefaultConfig()
	zero.Timeout, zero.ConnectTimeout, zero.ResponseHeaderTimeout = 0, 0, 0 // 0 = no limit
	if err := zero.Validate(); err != nil {
		t.Errorf("zero timeouts: %v", err)
	}
}

// Environment variables with the HTTPCLIENT_ prefix reach the client.
func TestConfigFromEnv(t *testing.T) {
	t.Setenv("HTTPCLIENT_TIMEOUT", "2s")
	t.Setenv("HTTPCLIENT_SSRF", "true")
	t.Setenv("HTTPCLIENT_SSRF_ALLOW", "10.1.0.0/16, 127.0.0.1")
	t.Setenv("HTTPCLIENT_USER_AGENT", "bot/2")
	var cfg Config
	var c *Client
	eggtest.New(t, Module, fx.Populate(&cfg, &c))
	if cfg.Timeout != 2*time.Second || !cfg.SSRF || len(cfg.SSRFAllow) != 2 || cfg.SSRFAllow[1] != "127.0.0.1" {
		t.Errorf("config from env = %+v", cfg)
	}
	if c.Timeout != 2*time.Second || c.UserAgent() != "bot/2" {
		t.Errorf("client Timeout %v, User-Agent %q", c.Timeout, c.UserAgent())
	}
}

func TestConfigFromEnvInvalid(t *testing.T) {
	t.Setenv("HTTPCLIENT_SSRF_ALLOW", "internal.example.com")
	_, err := eggtest.Start(t, Module, fx.Invoke(func(*Client) {}))
	if err == nil || !strings.Contains(err.Error(), "SSRFAllow") || !strings.Contains(err.Error(), "httpclient") {
		t.Fatalf("start = %v, want an error naming module httpclient and SSRFAllow", err)
	}
}

func TestDefaultUserAgent(t *testing.T) {
	var c *Client
	eggtest.New(t, egg.Name("billing"), Module, fx.Populate(&c))
	if c.UserAgent() != "billing egg-go" {
		t.Errorf("User-Agent = %q, want the app's name", c.UserAgent())
	}
	bare := newTestClient(t, testConfig())
	if bare.UserAgent() != "egg-go" {
		t.Errorf("User-Agent without an app = %q", bare.UserAgent())
	}
}
