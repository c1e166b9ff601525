package security

import (
	"errors"
	"fmt"
	"strings"
)

// MatchDomain reports whether host (a hostname, any case, without port) is
// one of the white-listed domains or a subdomain of one, by Egg's rule:
// "example.com" and ".example.com" both match example.com, a.example.com
// and a.b.example.com, but not badexample.com.
func MatchDomain(host string, whiteList []string) bool {
	host = normalizeHost(host)
	if host == "" {
		return false
	}
	for _, d := range whiteList {
		d = normalizeHost(strings.TrimPrefix(strings.TrimSpace(d), "."))
		if d == "" {
			continue
		}
		if host == d || (len(host) > len(d) && strings.HasSuffix(host, d) && host[len(host)-len(d)-1] == '.') {
			return true
		}
	}
	return false
}

// normalizeHost lower-cases a hostname, drops a trailing dot and the
// brackets of an IPv6 literal.
func normalizeHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if len(h) > 1 && h[0] == '[' && h[len(h)-1] == ']' {
		h = h[1 : len(h)-1]
	}
	return h
}

// stripPort returns the host of "host:port", "[v6]:port", "[v6]" or
// "host".
func stripPort(hostport string) string {
	if strings.HasPrefix(hostport, "[") {
		if i := strings.IndexByte(hostport, ']'); i > 0 {
			return hostport[:i+1]
		}
		return hostport
	}
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && strings.Count(hostport, ":") == 1 {
		return hostport[:i]
	}
	return hostport
}

// plainHost reports whether h (no port) is made only of the characters a
// hostname or IP literal has: letters, digits, '-', '.', '_', and ':' or
// brackets for IPv6. Anything else (percent escapes, non-ASCII, spaces)
// is refused rather than guessed at, since browsers decode and map such
// hosts before deciding where to go.
func plainHost(h string) bool {
	if h == "" {
		return false
	}
	v6 := h[0] == '['
	for i := 0; i < len(h); i++ {
		b := h[i]
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '-', b == '.', b == '_':
		case v6 && (b == ':' || (b == '[' && i == 0) || (b == ']' && i == len(h)-1)):
		default:
			return false
		}
	}
	return true
}

// CheckDomainEntry reports what is wrong with one white-list entry for
// MatchDomain ("example.com" or ".example.com"), or nil.
func CheckDomainEntry(d string) error {
	e := strings.TrimPrefix(strings.TrimSpace(d), ".")
	switch {
	case e == "":
		return errors.New(`has an empty entry; write hosts like "example.com" or ".example.com"`)
	case strings.Contains(e, "://") || strings.ContainsAny(e, "/?#@"):
		return fmt.Errorf("entry %q is not a host; write only the host, e.g. \"example.com\" (no scheme, path or port)", d)
	case strings.Contains(e, "*"):
		return fmt.Errorf("entry %q has a wildcard; write \".example.com\", which already allows every subdomain", d)
	case !plainHost(e):
		return fmt.Errorf("entry %q is not a plain host name (no port, percent escapes or non-ASCII; use the punycode form)", d)
	}
	return nil
}
