package egg

import (
	"net/http"
	"regexp"
	"strings"
)

// HTTPConfig configures the request path (module "egg"): proxy mode, the
// middleware order and per-middleware options.
type HTTPConfig struct {
	// Proxy trusts X-Forwarded-* headers for IP, IPs, Host and Protocol
	// (Egg's config.proxy). Default false: a spoofed header changes
	// nothing. Turn it on only behind a proxy that sets them. Env EGG_PROXY.
	Proxy bool `env:"EGG_PROXY"`
	// MaxProxyCount keeps only the last N addresses of the IP header, those
	// your own proxies appended (Egg's maxProxyCount / maxIpsCount). 0
	// keeps all. Env EGG_MAX_PROXY_COUNT.
	MaxProxyCount int `env:"EGG_MAX_PROXY_COUNT"`
	// IPHeaders are read, first non-empty wins, for the client address.
	// Default X-Forwarded-For. Env EGG_IP_HEADERS (comma-separated).
	IPHeaders []string `env:"EGG_IP_HEADERS"`
	// HostHeaders are read for the host. Default X-Forwarded-Host.
	// Env EGG_HOST_HEADERS.
	HostHeaders []string `env:"EGG_HOST_HEADERS"`
	// ProtocolHeaders are read for the protocol. Default
	// X-Forwarded-Proto. Env EGG_PROTOCOL_HEADERS.
	ProtocolHeaders []string `env:"EGG_PROTOCOL_HEADERS"`
	// Protocol is reported when the request is not TLS and no header says
	// otherwise. Default "http". Env EGG_PROTOCOL.
	Protocol string `env:"EGG_PROTOCOL"`
	// RequestIDHeader carries the request id in and out. Default
	// X-Request-Id. Env EGG_REQUEST_ID_HEADER.
	RequestIDHeader string `env:"EGG_REQUEST_ID_HEADER"`
	// CoreMiddleware are the framework's middleware names, outermost
	// first (Egg's coreMiddleware). Modules append their own; a
	// ConfigWillLoad hook may edit the list.
	CoreMiddleware []string
	// Middleware are the app's middleware names, after the core ones
	// (Egg's config.middleware). Env EGG_MIDDLEWARE (comma-separated).
	Middleware []string `env:"EGG_MIDDLEWARE"`
	// MiddlewareOptions holds Egg's common options per middleware name.
	MiddlewareOptions map[string]MiddlewareOptions
}

// DefaultHTTPConfig returns the request-path defaults.
func DefaultHTTPConfig() HTTPConfig {
	return HTTPConfig{
		IPHeaders:       []string{"X-Forwarded-For"},
		HostHeaders:     []string{"X-Forwarded-Host"},
		ProtocolHeaders: []string{"X-Forwarded-Proto"},
		Protocol:        "http",
		RequestIDHeader: "X-Request-Id",
	}
}

// Validate checks the header names and the protocol.
func (c *HTTPConfig) Validate() error {
	if c.MaxProxyCount < 0 {
		return InvalidConfig("MaxProxyCount", "must not be negative")
	}
	if c.Protocol != "http" && c.Protocol != "https" {
		return InvalidConfig("Protocol", `use "http" or "https"`)
	}
	if c.RequestIDHeader == "" {
		return InvalidConfig("RequestIDHeader", "must name a header, e.g. X-Request-Id")
	}
	for name, o := range c.MiddlewareOptions {
		if len(o.Match) > 0 && len(o.Ignore) > 0 {
			return InvalidConfig("MiddlewareOptions", "middleware "+name+" sets both Match and Ignore; use one (Egg's rule)")
		}
	}
	return nil
}

// MiddlewareOptions are Egg's common options for any named middleware.
type MiddlewareOptions struct {
	// Disable switches the middleware off (Egg's enable: false).
	Disable bool
	// Match runs the middleware only for requests any matcher accepts.
	Match []Matcher
	// Ignore skips the middleware for requests any matcher accepts.
	Ignore []Matcher
}

// Matcher decides whether a middleware applies to a request. Egg's path
// prefix, RegExp and function forms are PathPrefix, PathRegexp and any
// func(*http.Request) bool.
type Matcher func(r *http.Request) bool

// PathPrefix matches request paths that start with any of the prefixes
// ("/api" matches "/api" and "/api/users", not "/apis").
func PathPrefix(prefixes ...string) Matcher {
	return func(r *http.Request) bool {
		p := r.URL.Path
		for _, pre := range prefixes {
			if strings.HasPrefix(p, pre) && (len(p) == len(pre) || strings.HasSuffix(pre, "/") || p[len(pre)] == '/') {
				return true
			}
		}
		return false
	}
}

// PathRegexp matches request paths against a regular expression.
func PathRegexp(re *regexp.Regexp) Matcher {
	return func(r *http.Request) bool { return re.MatchString(r.URL.Path) }
}

func anyMatch(ms []Matcher, r *http.Request) bool {
	for _, m := range ms {
		if m(r) {
			return true
		}
	}
	return false
}
