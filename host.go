package egg

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// HostConfig says which host names the app answers for and which origin
// its absolute links use (module "egg"). Without it, Helper.URLFor builds
// links from the request's Host header (or, in proxy mode, its host
// header), which any client can set: `curl -H 'Host: evil.example'` would
// make a password-reset link point at evil.example. Set PublicURL, or
// AllowedHosts, or both, wherever the app faces clients; start-up warns
// outside local and unittest when neither is set.
type HostConfig struct {
	// PublicURL is the app's canonical origin, e.g.
	// "https://blog.example.com", optionally with a path prefix
	// ("https://example.com/blog"). When set, URLFor builds every link from
	// it and never from the request. Default "" (links use the request's
	// protocol and host). Env EGG_PUBLIC_URL.
	PublicURL string `env:"EGG_PUBLIC_URL"`
	// AllowedHosts are the host names a request may name. Any other host
	// gets 400 before routing. "example.com" matches that name;
	// ".example.com" matches it and every subdomain; "*" matches any;
	// ports are ignored, case too. PublicURL's host is always allowed. A
	// request that names no host (HTTP/1.0 without Host) passes, as it
	// names nothing to poison. Default empty: no check. Env
	// EGG_ALLOWED_HOSTS (comma-separated).
	AllowedHosts []string `env:"EGG_ALLOWED_HOSTS"`
}

// Validate checks that PublicURL is an http(s) origin and that every
// allowed host is a host name.
func (c *HostConfig) Validate() error {
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		switch {
		case err != nil || u.Host == "" || u.Opaque != "":
			return InvalidConfig("PublicURL", `must be an absolute URL such as "https://www.example.com"`)
		case u.Scheme != "http" && u.Scheme != "https":
			return InvalidConfig("PublicURL", `must start with "https://" (or "http://")`)
		case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
			return InvalidConfig("PublicURL", "must be scheme, host and an optional path prefix, without user, query or fragment")
		}
	}
	for _, h := range c.AllowedHosts {
		if h == "" || strings.ContainsAny(h, "/ @?#") {
			return InvalidConfig("AllowedHosts", "every entry must be a host name such as example.com or .example.com (not a URL); got "+strconv.Quote(h))
		}
	}
	return nil
}

// hostPolicy is HostConfig ready for the request path.
type hostPolicy struct {
	origin  string   // PublicURL without a trailing "/", "" if unset
	exact   []string // lower-case names
	suffix  []string // ".example.com" entries
	any     bool
	checked bool // AllowedHosts is set
	guarded bool // checked and not "*": ServeHTTP checks every request
}

func newHostPolicy(cfg HostConfig) hostPolicy {
	p := hostPolicy{origin: strings.TrimSuffix(cfg.PublicURL, "/"), checked: len(cfg.AllowedHosts) > 0}
	names := cfg.AllowedHosts
	if u, err := url.Parse(cfg.PublicURL); err == nil && u.Hostname() != "" {
		names = append(names[:len(names):len(names)], u.Hostname())
	}
	for _, n := range names {
		n = strings.TrimSuffix(strings.ToLower(n), ".")
		switch {
		case n == "*":
			p.any = true
		case strings.HasPrefix(n, "."):
			p.suffix = append(p.suffix, n)
		default:
			p.exact = append(p.exact, hostOnly(n))
		}
	}
	p.guarded = p.checked && !p.any
	return p
}

// allows reports whether a request naming host may be served.
func (p *hostPolicy) allows(host string) bool {
	if !p.checked || p.any || host == "" {
		return true
	}
	h := strings.TrimSuffix(strings.ToLower(hostOnly(host)), ".")
	for _, e := range p.exact {
		if h == e {
			return true
		}
	}
	for _, s := range p.suffix {
		if h == s[1:] || strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// hostOnly drops the port of "host:port" or "[v6]:port", and the brackets
// of "[v6]".
func hostOnly(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		return host
	}
	return strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
}

// MiddlewareHosts is the name of the kernel's own middleware that answers
// 400 to a request whose host HostConfig.AllowedHosts does not allow. When
// AllowedHosts is set it runs first, so every later middleware and handler
// sees only allowed hosts — unless a module lists it in
// HTTPConfig.CoreMiddleware itself, after a middleware that must answer
// any host (the health module's probes, which balancers send to an IP).
// Without AllowedHosts it is not in the chain at all.
const MiddlewareHosts = "hosts"

// hostGuard is the MiddlewareHosts middleware.
func (a *App) hostGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := CtxFrom(r); c != nil {
			if err := c.checkHost(); err != nil {
				c.w, c.req = w, r
				c.fail(err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkHost returns a 400 error when the request names a host that
// HostConfig.AllowedHosts does not allow: the Host header, or in proxy mode
// the host header egg trusts (what Host and URLFor would use).
func (c *Ctx) checkHost() error {
	if c.app.hosts.allows(c.Host()) {
		return nil
	}
	return NewError(http.StatusBadRequest, "invalid_host",
		"Bad Request: this server does not serve the requested host")
}

// origin is "protocol://host" for the links of a request: PublicURL when
// set; else the request's protocol and host; a request without a host
// (HTTP/1.0) gets the address it reached the server on, never "http://".
func (c *Ctx) origin() string {
	if o := c.app.hosts.origin; o != "" {
		return o
	}
	host := c.Host()
	if host == "" {
		host = "localhost"
		if a, ok := c.req.Context().Value(http.LocalAddrContextKey).(net.Addr); ok && a != nil {
			host = displayAddr(a.String(), "")
		}
	}
	return c.Protocol() + "://" + host
}

// hostWarning is the start-up warning for an app that builds links from
// whatever Host a client sends; "" when there is nothing to say.
func (p *hostPolicy) hostWarning(env string) string {
	if p.origin != "" || p.checked || env == "local" || env == "unittest" {
		return ""
	}
	return "links trust the client's Host header: set HostConfig.PublicURL (EGG_PUBLIC_URL) so URLFor uses your origin, " +
		"and/or HostConfig.AllowedHosts (EGG_ALLOWED_HOSTS) so other hosts get 400"
}

// displayAddr is the address a listener reports, as a person would type
// it: a listener on every interface reports "[::]:7001" (Go listens on
// both IPv4 and IPv6), shown "0.0.0.0:7001" unless the configured host
// asked for IPv6 ("::").
func displayAddr(addr, configuredHost string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() && configuredHost != "::" && configuredHost != "[::]" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port)
}
