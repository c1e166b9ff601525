package httpclienttest

import (
	"net/url"
	"strings"
	"testing"
)

func TestTargetMatches(t *testing.T) {
	for _, tt := range []struct {
		target string
		url    string
		want   bool
	}{
		{"api.example.com", "https://api.example.com/any/path?q=1", true},
		{"api.example.com", "http://API.Example.com:8080/", true},
		{"api.example.com", "https://other.example.com/", false},
		{"api.example.com:8443", "https://api.example.com:8443/x", true},
		{"api.example.com:8443", "https://api.example.com/x", false},
		{"api.example.com:443", "https://api.example.com/x", true},
		{"api.example.com:80", "http://api.example.com/x", true},
		{"https://api.example.com/users/1", "https://api.example.com/users/1", true},
		{"https://api.example.com/users/1", "http://api.example.com/users/1", false},
		{"api.example.com/users/1", "https://api.example.com/users/12", false},
		{"api.example.com/users/*", "https://api.example.com/users/12", true},
		{"api.example.com/users/*", "https://api.example.com/users", false},
		{"api.example.com/", "https://api.example.com", true},
		{"*/health", "http://10.0.0.1:9000/health", true},
		{"*/health", "http://10.0.0.1:9000/healthz", false},
		{"*", "http://anything.example/", true},
		{"[::1]:8080/x", "http://[::1]:8080/x", true},
	} {
		tg, err := parseTarget(tt.target)
		if err != nil {
			t.Fatalf("parseTarget(%q): %v", tt.target, err)
		}
		u, _ := url.Parse(tt.url)
		if got := tg.matches(u); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.target, tt.url, got, tt.want)
		}
	}
}

func TestTargetErrors(t *testing.T) {
	for _, s := range []string{"", "ftp://x", "/path", "x/a?b", "x/a#f", "x/*/y", "x/a*b", "user@host", "http://", "host:port:x"} {
		if _, err := parseTarget(s); err == nil {
			t.Errorf("parseTarget(%q) accepted it", s)
		}
	}
}

func TestTargetString(t *testing.T) {
	for _, s := range []string{"api.example.com", "https://api.example.com:8443/users/*", "*/health", "[::1]:8080/x", "[::1]"} {
		tg, err := parseTarget(s)
		if err != nil {
			t.Fatal(err)
		}
		if tg.String() != s {
			t.Errorf("String() = %q, want %q", tg.String(), s)
		}
	}
}

// A target that parses is stable (its String parses to the same target)
// and matches a URL built from its own parts.
func FuzzTarget(f *testing.F) {
	for _, s := range []string{"api.example.com", "https://api.example.com:8443/users/*", "*/health", "[::1]:8080/x", "x/a?b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := parseTarget(s)
		if err != nil {
			return
		}
		again, err := parseTarget(tg.String())
		if err != nil || again != tg {
			t.Fatalf("parseTarget(%q) = %+v, but its String %q parses to %+v, %v", s, tg, tg.String(), again, err)
		}
		raw := strings.TrimSuffix(tg.String(), "*")
		if tg.scheme == "" {
			raw = "http://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Path != tg.path {
			return // a path with escapes: matched against the decoded path, by design
		}
		if !tg.matches(u) {
			t.Fatalf("%+v does not match %s, built from it", tg, u)
		}
	})
}
