package main

import (
	"net"
	"net/url"
	"os"
	"testing"
	"time"
)

// redisURL is the Redis the tests may use: REDIS_URL, else the local
// default, or "" when none answers (a failure under CI=true).
func redisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379"
	}
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("REDIS_URL=%q does not parse: %v", u, err)
	}
	host := p.Host
	if p.Port() == "" {
		host = net.JoinHostPort(p.Hostname(), "6379")
	}
	c, err := net.DialTimeout("tcp", host, 2*time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Redis at %s: %v; CI must provide one", host, err)
		}
		t.Logf("no Redis at %s (%v): the multi-instance tests are skipped; set REDIS_URL to run them", host, err)
		return ""
	}
	_ = c.Close()
	return u
}
