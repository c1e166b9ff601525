package cors

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
)

func TestValidate(t *testing.T) {
	allowAll := func(*http.Request, string) bool { return true }
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
		{"defaults have no origin", DefaultConfig(), "AllowOrigins", "CORS_ALLOW_ORIGINS=https://app.example.com"},
		{"one origin", with(func(c *Config) { c.AllowOrigins = []string{"https://app.example.com"} }), "", ""},
		{"origins with spaces from env", with(func(c *Config) { c.AllowOrigins = []string{" https://a.example", "https://b.example:8443 ", ""} }), "", ""},
		{"function only", with(func(c *Config) { c.AllowOriginFunc = allowAll }), "", ""},
		{"list and function", with(func(c *Config) { c.AllowOrigins = []string{"https://a.example"}; c.AllowOriginFunc = allowAll }), "", ""},
		{"star", with(func(c *Config) { c.AllowOrigins = []string{"*"} }), "", ""},
		{"star with credentials", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowCredentials = true }), "AllowOrigins", "list the trusted origins"},
		{"star among others", with(func(c *Config) { c.AllowOrigins = []string{"https://a.example", "*"} }), "AllowOrigins", `keep "*" alone`},
		{"star and function", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowOriginFunc = allowAll }), "AllowOrigins", "never be asked"},
		{"credentials with listed origin", with(func(c *Config) { c.AllowOrigins = []string{"https://a.example"}; c.AllowCredentials = true }), "", ""},
		{"subdomain wildcard", with(func(c *Config) { c.AllowOrigins = []string{"https://*.example.com"} }), "", ""},
		{"port wildcard", with(func(c *Config) { c.AllowOrigins = []string{"http://localhost:*"} }), "", ""},
		{"ipv6 origin", with(func(c *Config) { c.AllowOrigins = []string{"http://[::1]:8080"} }), "", ""},
		{"custom scheme", with(func(c *Config) { c.AllowOrigins = []string{"capacitor://localhost"} }), "", ""},
		{"no scheme", with(func(c *Config) { c.AllowOrigins = []string{"app.example.com"} }), "AllowOrigins", `"https://app.example.com"`},
		{"trailing slash", with(func(c *Config) { c.AllowOrigins = []string{"https://app.example.com/"} }), "AllowOrigins", "ends with a slash"},
		{"path", with(func(c *Config) { c.AllowOrigins = []string{"https://app.example.com/api"} }), "AllowOrigins", "no path"},
		{"user info", with(func(c *Config) { c.AllowOrigins = []string{"https://u@app.example.com"} }), "AllowOrigins", "no path, query or user"},
		{"null origin", with(func(c *Config) { c.AllowOrigins = []string{"null"} }), "AllowOrigins", "sandboxed"},
		{"glued wildcard", with(func(c *Config) { c.AllowOrigins = []string{"https://*example.com"} }), "AllowOrigins", "leading subdomains"},
		{"two wildcards", with(func(c *Config) { c.AllowOrigins = []string{"https://*.example.*"} }), "AllowOrigins", "leading subdomains"},
		{"bare wildcard host", with(func(c *Config) { c.AllowOrigins = []string{"https://*"} }), "AllowOrigins", "leading subdomains"},
		{"no methods", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowMethods = nil }), "AllowMethods", "list methods"},
		{"space-separated methods", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowMethods = []string{"GET POST"} }), "AllowMethods", "commas"},
		{"lower-case methods", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowMethods = []string{"get", "post"} }), "", ""},
		{"bad header", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowHeaders = []string{"X Token"} }), "AllowHeaders", "commas"},
		{"no headers", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.AllowHeaders = nil }), "", ""},
		{"bad expose header", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.ExposeHeaders = []string{"X-A;X-B"} }), "ExposeHeaders", "commas"},
		{"expose star with credentials", with(func(c *Config) {
			c.AllowOrigins = []string{"https://a.example"}
			c.AllowCredentials = true
			c.ExposeHeaders = []string{"*"}
		}), "ExposeHeaders", "list the headers"},
		{"negative max age", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.MaxAge = -time.Second }), "MaxAge", "negative"},
		{"sub-second max age", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.MaxAge = time.Millisecond }), "MaxAge", "whole seconds"},
		{"max age", with(func(c *Config) { c.AllowOrigins = []string{"*"}; c.MaxAge = 10 * time.Minute }), "", ""},
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
