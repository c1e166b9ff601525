package security

import (
	"net/http"
	"strings"

	"github.com/egg-go/egg"
)

// SafeRedirect decides whether a redirect to target keeps the client on
// host (the app's own, "name" or "name:port") or a domain in whiteList
// (see MatchDomain). Ports are not compared.
//
// An allowed target comes back with true, with any backslash before its
// query or fragment turned into "/" (browsers read it so; now every client
// does). A relative path is always allowed. Anything else gives "/" and
// false: another host ("http://evil.com", "//evil.com", "/\evil.com",
// "https://app.com@evil.com"), a scheme other than http and https
// ("javascript:…", "data:…"), an absolute URL without "//"
// ("http:evil.com"), control characters anywhere (browsers drop tabs and
// newlines, so "/\t/evil.com" would become "//evil.com"), surrounding
// spaces, and hosts with percent escapes or non-ASCII characters (write
// IDN hosts in punycode).
func SafeRedirect(target, host string, whiteList []string) (string, bool) {
	if target != "" && (target[0] == ' ' || target[len(target)-1] == ' ') {
		return "/", false
	}
	for i := 0; i < len(target); i++ {
		if b := target[i]; b < 0x20 || b == 0x7f {
			return "/", false
		}
	}
	n := target
	end := strings.IndexAny(target, "?#")
	if end < 0 {
		end = len(target)
	}
	if strings.IndexByte(target[:end], '\\') >= 0 {
		n = strings.ReplaceAll(target[:end], `\`, "/") + target[end:]
	}
	rest := n
	if scheme, after, ok := splitScheme(n); ok {
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") || !strings.HasPrefix(after, "//") {
			return "/", false
		}
		rest = after
	} else if !strings.HasPrefix(n, "//") {
		return n, true // a path on this host
	}
	// Browsers skip any number of slashes before the authority.
	auth := strings.TrimLeft(rest, "/")
	if i := strings.IndexAny(auth, "/?#"); i >= 0 {
		auth = auth[:i]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	h := stripPort(auth)
	if !plainHost(h) {
		return "/", false
	}
	if own := normalizeHost(stripPort(host)); own != "" && normalizeHost(h) == own || MatchDomain(h, whiteList) {
		return n, true
	}
	return "/", false
}

// splitScheme splits "scheme:rest" when s starts with a URL scheme
// (a letter, then letters, digits, '+', '-' or '.', then ':').
func splitScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
		case i > 0 && (b >= '0' && b <= '9' || b == '+' || b == '-' || b == '.'):
		case i > 0 && b == ':':
			return s[:i], s[i+1:], true
		default:
			return "", "", false
		}
	}
	return "", "", false
}

// redirectGuard is the egg.RedirectGuard that Module provides: Egg's safe
// redirect, on by default.
type redirectGuard struct{ whiteList []string }

// GuardRedirect implements egg.RedirectGuard: a target off the app's host
// and DomainWhiteList becomes "/", with a warning in the ctx log.
func (g redirectGuard) GuardRedirect(c *egg.Ctx, url string) string {
	safe, ok := SafeRedirect(url, c.Host(), g.whiteList)
	if !ok {
		c.Logger().Warn("security: redirect refused, sent / instead: the target leaves the app's host; "+
			"add its host to security DomainWhiteList (SECURITY_DOMAIN_WHITELIST) if it is yours, or use security.UnsafeRedirect",
			"target", url)
	}
	return safe
}

// UnsafeRedirect redirects to url as given, bypassing the safe redirect
// that Ctx.Redirect applies: for the rare app that must send clients to
// hosts it cannot list in DomainWhiteList. Never pass it a URL a client
// chose, or anyone can use your site to send your users anywhere. A
// status outside 3xx becomes 302.
func UnsafeRedirect(c *egg.Ctx, status int, url string) error {
	if status < 300 || status > 399 {
		status = http.StatusFound
	}
	http.Redirect(c.Response(), c.Request(), url, status)
	return nil
}
