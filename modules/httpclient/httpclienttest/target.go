package httpclienttest

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// target is a parsed rule target: [scheme://]host[:port][/path[*]].
type target struct {
	scheme string // "" = any
	host   string // lower case; "*" = any
	port   string // "" = any
	path   string // "" = any; exact unless prefix
	prefix bool   // path ended in "*"
}

// parseTarget reads a rule target; the error says how to write one.
func parseTarget(s string) (target, error) {
	var t target
	orig := s
	if s == "" {
		return t, errors.New("httpclienttest: empty target; write a host, e.g. api.example.com or api.example.com/users/*")
	}
	if i := strings.Index(s, "://"); i >= 0 {
		t.scheme, s = strings.ToLower(s[:i]), s[i+3:]
		if t.scheme != "http" && t.scheme != "https" {
			return t, fmt.Errorf("httpclienttest: target %q: scheme must be http or https", orig)
		}
	}
	hostport, path := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		hostport, path = s[:i], s[i:]
	}
	if strings.ContainsAny(path, "?#") {
		return t, fmt.Errorf("httpclienttest: target %q: a target has no query or fragment (the query is not matched; check it in Calls)", orig)
	}
	if hostport == "" {
		return t, fmt.Errorf("httpclienttest: target %q has no host; write api.example.com/path, or */path for any host", orig)
	}
	if hostport == "*" {
		t.host = "*"
	} else {
		u, err := url.Parse("http://" + hostport)
		if err != nil || u.Hostname() == "" || u.User != nil || u.Path != "" {
			return t, fmt.Errorf("httpclienttest: target %q: %q is not a host[:port]", orig, hostport)
		}
		t.host, t.port = strings.ToLower(u.Hostname()), u.Port()
		if !validHost(t.host) {
			return t, fmt.Errorf("httpclienttest: target %q: %q is not a host name or IP address", orig, t.host)
		}
	}
	if strings.HasSuffix(path, "*") {
		t.prefix, path = true, strings.TrimSuffix(path, "*")
		if strings.Contains(path, "*") {
			return t, fmt.Errorf("httpclienttest: target %q: only a trailing * is supported", orig)
		}
	} else if strings.Contains(path, "*") {
		return t, fmt.Errorf("httpclienttest: target %q: only a trailing * is supported", orig)
	}
	t.path = path
	return t, nil
}

func (t target) matches(u *url.URL) bool {
	if t.scheme != "" && t.scheme != u.Scheme {
		return false
	}
	if t.host != "*" && t.host != strings.ToLower(u.Hostname()) {
		return false
	}
	if t.port != "" && t.port != effectivePort(u) {
		return false
	}
	if t.path == "" {
		return true
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	if t.prefix {
		return strings.HasPrefix(p, t.path)
	}
	return p == t.path
}

// effectivePort is the URL's port, or its scheme's default.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

func (t target) String() string {
	var b strings.Builder
	if t.scheme != "" {
		b.WriteString(t.scheme + "://")
	}
	switch {
	case t.port != "":
		b.WriteString(net.JoinHostPort(t.host, t.port))
	case strings.Contains(t.host, ":"):
		b.WriteString("[" + t.host + "]")
	default:
		b.WriteString(t.host)
	}
	b.WriteString(t.path)
	if t.prefix {
		b.WriteString("*")
	}
	return b.String()
}

// validHost accepts an IP address or a name of letters, digits, '-', '_'
// and '.'.
func validHost(h string) bool {
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	for i := 0; i < len(h); i++ {
		b := h[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return h != ""
}
