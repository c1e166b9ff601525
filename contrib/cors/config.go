package cors

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// Config configures the cors module (egg-cors's config.cors). Set it with
// egg.Configure(func(c *cors.Config) {...}) or with the environment
// variables named below; egg validates it at start-up.
type Config struct {
	// AllowOrigins lists the origins that may make cross-origin requests,
	// each written as a browser sends it: scheme://host[:port], no path,
	// no trailing slash, e.g. "https://app.example.com". One "*" may stand
	// for leading subdomains ("https://*.example.com") or for the port
	// ("http://localhost:*"). The single entry "*" allows every origin and
	// is answered with a literal "*" (refused with AllowCredentials).
	// Matching ignores case.
	//
	// Default empty, which fails start-up: set this or AllowOriginFunc.
	// (egg-cors's empty whitelist silently sends no headers.)
	// Env CORS_ALLOW_ORIGINS, comma-separated.
	AllowOrigins []string `env:"ALLOW_ORIGINS"`

	// AllowOriginFunc decides origins at request time (egg-cors's
	// origin(ctx) function): an origin is allowed when AllowOrigins lists
	// it or this returns true. It runs for every request that carries an
	// Origin header, so keep it fast. Vary: Origin is always sent.
	// Default nil. Not settable from the environment.
	AllowOriginFunc func(r *http.Request, origin string) bool

	// AllowCredentials lets browsers send cookies and HTTP auth with
	// cross-origin requests and read the answers
	// (Access-Control-Allow-Credentials: true). It cannot be combined with
	// the "*" origin. Default false. Env CORS_ALLOW_CREDENTIALS.
	AllowCredentials bool `env:"ALLOW_CREDENTIALS"`

	// AllowMethods are the methods cross-origin requests may use; a
	// preflight asking for another method is refused with 403. Written in
	// upper case ("get" is read as "GET"). Default
	// GET,HEAD,PUT,POST,DELETE,PATCH (egg-cors's).
	// Env CORS_ALLOW_METHODS, comma-separated.
	AllowMethods []string `env:"ALLOW_METHODS"`

	// AllowHeaders are the request headers cross-origin requests may send
	// beyond the CORS-safelisted ones. "*" allows whatever the browser
	// asks for in Access-Control-Request-Headers, echoed back by name, so
	// it also works with credentials. An empty list allows only the
	// safelisted headers, which rules out Content-Type: application/json.
	// Default ["*"] (egg-cors echoes the requested headers too).
	// Env CORS_ALLOW_HEADERS, comma-separated.
	AllowHeaders []string `env:"ALLOW_HEADERS"`

	// ExposeHeaders are response headers that scripts on the other origin
	// may read beyond the safelisted ones (Access-Control-Expose-Headers),
	// e.g. X-Request-Id. Default none. Env CORS_EXPOSE_HEADERS,
	// comma-separated.
	ExposeHeaders []string `env:"EXPOSE_HEADERS"`

	// MaxAge lets browsers cache a preflight answer this long
	// (Access-Control-Max-Age, sent in whole seconds; browsers cap it:
	// Chromium at 2h, Firefox at 24h). 0 sends no header and browsers
	// cache for 5s. Default 0 (egg-cors's). Env CORS_MAX_AGE, a Go
	// duration with its unit: "10m", "600s".
	MaxAge time.Duration `env:"MAX_AGE"`

	// AllowPrivateNetwork answers Private Network Access preflights
	// (Access-Control-Request-Private-Network: true) with
	// Access-Control-Allow-Private-Network: true, so public sites may call
	// this server on a private address. Default false.
	// Env CORS_ALLOW_PRIVATE_NETWORK.
	AllowPrivateNetwork bool `env:"ALLOW_PRIVATE_NETWORK"`
}

// DefaultConfig returns the module's defaults: egg-cors's methods, every
// requested header, no credentials, no origins (set them).
func DefaultConfig() Config {
	return Config{
		AllowMethods: []string{
			http.MethodGet, http.MethodHead, http.MethodPut,
			http.MethodPost, http.MethodDelete, http.MethodPatch,
		},
		AllowHeaders: []string{"*"},
	}
}

// Validate refuses configs that would silently not work or would be
// unsafe: no origin at all, "*" with credentials, origins written in a
// form a browser never sends, bad method or header names, a negative or
// sub-second MaxAge. The error names the field and says what to set.
func (c *Config) Validate() error {
	n := c.normalized()
	if len(n.AllowOrigins) == 0 && n.AllowOriginFunc == nil {
		return egg.InvalidConfig("AllowOrigins", "no origin is allowed, so browsers would refuse every cross-origin request; "+
			`list the sites that call this API, e.g. CORS_ALLOW_ORIGINS=https://app.example.com,https://admin.example.com, `+
			`set AllowOriginFunc, or use "*" for a public API without credentials`)
	}
	for _, o := range n.AllowOrigins {
		if o != "*" {
			if reason := checkOrigin(o); reason != "" {
				return egg.InvalidConfig("AllowOrigins", reason)
			}
			continue
		}
		switch {
		case n.AllowCredentials:
			return egg.InvalidConfig("AllowOrigins", `"*" with AllowCredentials would let every website make requests `+
				`with your users' cookies (and browsers refuse "*" with credentials anyway); `+
				`list the trusted origins instead, e.g. CORS_ALLOW_ORIGINS=https://app.example.com, or turn AllowCredentials off`)
		case len(n.AllowOrigins) > 1:
			return egg.InvalidConfig("AllowOrigins", `"*" allows every origin, so the other entries mean nothing; keep "*" alone or remove it`)
		case n.AllowOriginFunc != nil:
			return egg.InvalidConfig("AllowOrigins", `"*" allows every origin, so AllowOriginFunc would never be asked; remove one of them`)
		}
	}
	if len(n.AllowMethods) == 0 {
		return egg.InvalidConfig("AllowMethods", "no method is allowed, so every preflight would be refused; "+
			"list methods, e.g. GET,HEAD,PUT,POST,DELETE,PATCH")
	}
	for _, m := range n.AllowMethods {
		if !isToken(m) {
			return egg.InvalidConfig("AllowMethods", fmt.Sprintf("%q is not an HTTP method name; separate methods with commas", m))
		}
	}
	for _, h := range n.AllowHeaders {
		if h != "*" && !isToken(h) {
			return egg.InvalidConfig("AllowHeaders", fmt.Sprintf(`%q is not a header name; separate headers with commas, or use "*"`, h))
		}
	}
	for _, h := range n.ExposeHeaders {
		switch {
		case h == "*" && n.AllowCredentials:
			return egg.InvalidConfig("ExposeHeaders", `"*" is read as a header named "*" on requests with credentials; list the headers, e.g. X-Request-Id`)
		case h != "*" && !isToken(h):
			return egg.InvalidConfig("ExposeHeaders", fmt.Sprintf("%q is not a header name; separate headers with commas", h))
		}
	}
	switch {
	case n.MaxAge < 0:
		return egg.InvalidConfig("MaxAge", "must not be negative; 0 sends no Access-Control-Max-Age")
	case n.MaxAge > 0 && n.MaxAge < time.Second:
		return egg.InvalidConfig("MaxAge", `is sent in whole seconds; use at least "1s", or 0 for none`)
	}
	return nil
}

// normalized trims the list entries (comma-separated env values often
// carry spaces), drops empty ones and upper-cases the methods.
func (c Config) normalized() Config {
	clean := func(in []string, upper bool) []string {
		var out []string
		for _, s := range in {
			s = strings.TrimSpace(s)
			if upper {
				s = strings.ToUpper(s)
			}
			if s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	c.AllowOrigins = clean(c.AllowOrigins, false)
	c.AllowMethods = clean(c.AllowMethods, true)
	c.AllowHeaders = clean(c.AllowHeaders, false)
	c.ExposeHeaders = clean(c.ExposeHeaders, false)
	return c
}

// checkOrigin returns why o is not an origin a browser could send, or "".
func checkOrigin(o string) string {
	if o == "null" {
		return `"null" is the origin of sandboxed iframes and local files, which any site can create; ` +
			"allowing it is as open as \"*\"; decide such requests in AllowOriginFunc if you must"
	}
	scheme, rest, ok := strings.Cut(o, "://")
	if !ok || !isScheme(scheme) {
		return fmt.Sprintf("origin %q has no scheme; write it as the browser sends it, e.g. %q", o, "https://"+strings.TrimPrefix(o, "//"))
	}
	if strings.HasSuffix(rest, "/") {
		return fmt.Sprintf("origin %q ends with a slash, which browsers never send; write %q", o, strings.TrimRight(o, "/"))
	}
	if strings.ContainsAny(rest, "/?#@ \t") || rest == "" {
		return fmt.Sprintf("origin %q is not scheme://host[:port]; an origin has no path, query or user, e.g. %q", o, "https://app.example.com")
	}
	if strings.Count(rest, "*") == 0 {
		return ""
	}
	host, port := rest, ""
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
		host, port = rest[:i], rest[i+1:]
	}
	switch {
	case strings.Count(rest, "*") > 1:
	case port == "*" && host != "":
		return ""
	case strings.HasPrefix(host, "*.") && len(host) > 2 && !strings.Contains(port, "*"):
		return ""
	}
	return fmt.Sprintf(`origin %q: one "*" may stand only for leading subdomains ("https://*.example.com") or for the port ("http://localhost:*")`, o)
}

func isScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if b := s[i]; !isLetter(b) && !('0' <= b && b <= '9') && b != '+' && b != '-' && b != '.' {
			return false
		}
	}
	return true
}

func isLetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// isToken reports whether s is an RFC 9110 token (a method or header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if isLetter(b) || ('0' <= b && b <= '9') || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0 {
			continue
		}
		return false
	}
	return true
}
