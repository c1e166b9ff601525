package security

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// CSRF modes for CSRFConfig.Mode.
const (
	// ModeOrigin refuses browsers' cross-origin unsafe requests, judged by
	// Sec-Fetch-Site and Origin (Go's http.CrossOriginProtection). Clients
	// that send neither header (curl, server-to-server, mobile apps) pass.
	ModeOrigin = "origin"
	// ModeToken is Egg's ctoken: unsafe requests must carry the signed
	// token from the csrfToken cookie in a header, query or form field.
	ModeToken = "token"
	// ModeOff switches CSRF protection off.
	ModeOff = "off"
)

// Off is the value that switches off a string-valued header (XFrame,
// XSSProtection, ReferrerPolicy); "" does the same from Go code. An empty
// environment variable counts as unset, hence the word.
const Off = "off"

// Config is module "security" (Egg's egg-security), env prefix SECURITY_.
// Start from DefaultConfig: the zero value switches every header off.
type Config struct {
	// DomainWhiteList lists the hosts, besides the app's own, that
	// Ctx.Redirect may send a client to (Egg's domainWhiteList). An entry
	// "example.com" or ".example.com" allows example.com and every
	// subdomain of it. Default empty: only the app's own host. Env
	// SECURITY_DOMAIN_WHITELIST (comma-separated).
	DomainWhiteList []string `env:"DOMAIN_WHITELIST"`

	// CSRF configures cross-site request forgery protection (middleware
	// "csrf"). Env prefix SECURITY_CSRF_.
	CSRF CSRFConfig `envPrefix:"CSRF_"`

	// XFrame is the X-Frame-Options header (Egg's xframe): "SAMEORIGIN"
	// (default), "DENY", or "off". Env SECURITY_XFRAME.
	XFrame string `env:"XFRAME"`
	// NoSniff sends X-Content-Type-Options: nosniff (Egg's nosniff).
	// Default true. Env SECURITY_NOSNIFF.
	NoSniff bool `env:"NOSNIFF"`
	// NoOpen sends X-Download-Options: noopen (Egg's noopen; old IE).
	// Default true. Env SECURITY_NOOPEN.
	NoOpen bool `env:"NOOPEN"`
	// XSSProtection is the X-XSS-Protection header. Default "" (not
	// sent): no current browser has the XSS auditor it controlled, and
	// Egg's "1; mode=block" could be abused where one existed. Set "0" to
	// tell such old browsers to turn theirs off (what a scanner may ask
	// for). Env SECURITY_XSS_PROTECTION.
	XSSProtection string `env:"XSS_PROTECTION"`
	// ReferrerPolicy is the Referrer-Policy header (Egg's referrerPolicy),
	// e.g. "strict-origin-when-cross-origin". Default "" (not sent, as in
	// Egg; browsers then apply strict-origin-when-cross-origin).
	// Env SECURITY_REFERRER_POLICY.
	ReferrerPolicy string `env:"REFERRER_POLICY"`

	// CSP configures Content-Security-Policy (Egg's csp); off by default.
	// Env prefix SECURITY_CSP_.
	CSP CSPConfig `envPrefix:"CSP_"`
	// HSTS configures Strict-Transport-Security (Egg's hsts); off by
	// default. Env prefix SECURITY_HSTS_.
	HSTS HSTSConfig `envPrefix:"HSTS_"`
}

// CSRFConfig configures CSRF protection. The token fields keep Egg's
// names and defaults.
type CSRFConfig struct {
	// Mode is "origin" (default), "token" or "off". See ModeOrigin and
	// ModeToken. Env SECURITY_CSRF_MODE.
	Mode string `env:"MODE"`
	// TrustedOrigins are origins ("https://admin.example.com", scheme and
	// host, optional port) whose cross-origin requests pass in origin
	// mode. Env SECURITY_CSRF_TRUSTED_ORIGINS (comma-separated).
	TrustedOrigins []string `env:"TRUSTED_ORIGINS"`
	// InsecureBypassPatterns are http.ServeMux patterns ("POST
	// /webhooks/", "/api/callback") exempt from the origin check. Prefer
	// the middleware's Ignore option; these exist for parity with
	// http.CrossOriginProtection. Env SECURITY_CSRF_INSECURE_BYPASS_PATTERNS.
	InsecureBypassPatterns []string `env:"INSECURE_BYPASS_PATTERNS"`

	// CookieName is the cookie holding the token in token mode. Default
	// "csrfToken" (Egg's cookieName). Env SECURITY_CSRF_COOKIE_NAME.
	CookieName string `env:"COOKIE_NAME"`
	// CookieDomain is the token cookie's Domain attribute. Default "": the
	// host that set it. Env SECURITY_CSRF_COOKIE_DOMAIN.
	CookieDomain string `env:"COOKIE_DOMAIN"`
	// HeaderName is the request header read for the token. Default
	// "x-csrf-token" (Egg's headerName). Env SECURITY_CSRF_HEADER_NAME.
	HeaderName string `env:"HEADER_NAME"`
	// BodyName is the form field read for the token, in urlencoded and
	// multipart bodies. Default "_csrf" (Egg's bodyName).
	// Env SECURITY_CSRF_BODY_NAME.
	BodyName string `env:"BODY_NAME"`
	// QueryName is the query parameter read for the token. Default
	// "_csrf" (Egg's queryName). Env SECURITY_CSRF_QUERY_NAME.
	QueryName string `env:"QUERY_NAME"`
	// Methods are the methods that must carry a token in token mode.
	// Default POST, PATCH, DELETE, PUT, CONNECT (Egg's supportedRequests).
	// Env SECURITY_CSRF_METHODS.
	Methods []string `env:"METHODS"`
	// BodyLimit is the most bytes of a form body read to find BodyName
	// when neither the header nor the query carries the token. An
	// urlencoded body above it is refused (413); in a multipart body the
	// field must come within it, before large file parts. Default 1 MiB.
	// Env SECURITY_CSRF_BODY_LIMIT.
	BodyLimit int64 `env:"BODY_LIMIT"`
}

// CSPConfig configures the Content-Security-Policy header.
type CSPConfig struct {
	// Enable sends the header. Default false (as Egg).
	// Env SECURITY_CSP_ENABLE.
	Enable bool `env:"ENABLE"`
	// Policy is the policy, directives separated by ";". Every response
	// gets a fresh nonce (CSPNonce) added to script-src (made from
	// default-src when the policy has no script-src). Default
	// DefaultCSPPolicy. Env SECURITY_CSP_POLICY.
	Policy string `env:"POLICY"`
	// ReportOnly sends Content-Security-Policy-Report-Only instead, to
	// try a policy without enforcing it. Env SECURITY_CSP_REPORT_ONLY.
	ReportOnly bool `env:"REPORT_ONLY"`
}

// DefaultCSPPolicy is the policy used when CSP is on and Policy is empty:
// same-origin resources, scripts only from the app or with the nonce, no
// plugins, no <base> hijack, no framing by other sites.
const DefaultCSPPolicy = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"

// HSTSConfig configures Strict-Transport-Security. It is sent only on
// HTTPS responses (TLS, or X-Forwarded-Proto: https in proxy mode).
type HSTSConfig struct {
	// Enable sends the header. Default false (as Egg): turn it on once
	// the site is HTTPS-only. Env SECURITY_HSTS_ENABLE.
	Enable bool `env:"ENABLE"`
	// MaxAge is how long browsers keep to HTTPS. Default 365 days (Egg's
	// maxAge). Env SECURITY_HSTS_MAX_AGE (e.g. "8760h").
	MaxAge time.Duration `env:"MAX_AGE"`
	// IncludeSubdomains adds includeSubDomains. Default false.
	// Env SECURITY_HSTS_INCLUDE_SUBDOMAINS.
	IncludeSubdomains bool `env:"INCLUDE_SUBDOMAINS"`
	// Preload adds preload (for the browsers' preload lists; needs
	// IncludeSubdomains and a MaxAge of a year or more). Default false.
	// Env SECURITY_HSTS_PRELOAD.
	Preload bool `env:"PRELOAD"`
}

// DefaultBodyLimit is the default CSRFConfig.BodyLimit: 1 MiB.
const DefaultBodyLimit = 1 << 20

// DefaultConfig returns the defaults: origin-mode CSRF with Egg's token
// names ready for token mode, X-Frame-Options SAMEORIGIN, nosniff,
// noopen; X-XSS-Protection, CSP, HSTS and Referrer-Policy off.
func DefaultConfig() Config {
	return Config{
		CSRF:    DefaultCSRFConfig(),
		XFrame:  "SAMEORIGIN",
		NoSniff: true,
		NoOpen:  true,
		HSTS:    HSTSConfig{MaxAge: 365 * 24 * time.Hour},
	}
}

// DefaultCSRFConfig returns the CSRF defaults: origin mode, and Egg's
// names for token mode.
func DefaultCSRFConfig() CSRFConfig {
	return CSRFConfig{
		Mode:       ModeOrigin,
		CookieName: "csrfToken",
		HeaderName: "x-csrf-token",
		BodyName:   "_csrf",
		QueryName:  "_csrf",
		Methods:    []string{http.MethodPost, http.MethodPatch, http.MethodDelete, http.MethodPut, http.MethodConnect},
		BodyLimit:  DefaultBodyLimit,
	}
}

var referrerPolicies = map[string]bool{
	"no-referrer": true, "no-referrer-when-downgrade": true, "origin": true, "origin-when-cross-origin": true,
	"same-origin": true, "strict-origin": true, "strict-origin-when-cross-origin": true, "unsafe-url": true,
}

// Validate checks every field and returns the first problem, naming the
// field, what is wrong and what to set instead.
func (c *Config) Validate() error {
	for _, d := range c.DomainWhiteList {
		if err := CheckDomainEntry(d); err != nil {
			return egg.InvalidConfig("DomainWhiteList", err.Error())
		}
	}
	switch strings.ToUpper(c.XFrame) {
	case "", "OFF", "SAMEORIGIN", "DENY":
	default:
		return egg.InvalidConfig("XFrame", `use "SAMEORIGIN", "DENY" or "off" (ALLOW-FROM is obsolete: use CSP frame-ancestors)`)
	}
	if !headerSafe(c.XSSProtection) {
		return egg.InvalidConfig("XSSProtection", `use "0", "off" (the default), or another value without control characters`)
	}
	if p := c.ReferrerPolicy; p != "" && !strings.EqualFold(p, Off) {
		for _, v := range strings.Split(p, ",") {
			if !referrerPolicies[strings.ToLower(strings.TrimSpace(v))] {
				return egg.InvalidConfig("ReferrerPolicy", fmt.Sprintf("%q is not a referrer policy; use one of no-referrer, "+
					"no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, "+
					"strict-origin-when-cross-origin, unsafe-url", strings.TrimSpace(v)))
			}
		}
	}
	if !headerSafe(c.CSP.Policy) {
		return egg.InvalidConfig("CSP.Policy", "must not contain control characters; separate directives with ;")
	}
	if c.HSTS.MaxAge < 0 {
		return egg.InvalidConfig("HSTS.MaxAge", `must not be negative; use e.g. "8760h" (a year), or 0 to make browsers forget the policy`)
	}
	return c.CSRF.validate()
}

func (c *CSRFConfig) validate() error {
	switch c.Mode {
	case ModeOrigin, ModeToken, ModeOff:
	default:
		return egg.InvalidConfig("CSRF.Mode", `use "origin" (Sec-Fetch-Site/Origin check, the default), "token" (Egg's ctoken) or "off"`)
	}
	for _, o := range c.TrustedOrigins {
		if err := http.NewCrossOriginProtection().AddTrustedOrigin(o); err != nil {
			return egg.InvalidConfig("CSRF.TrustedOrigins", fmt.Sprintf("%v; write an origin as scheme://host[:port], e.g. https://admin.example.com", err))
		}
	}
	for _, p := range c.InsecureBypassPatterns {
		if err := checkBypassPattern(p); err != nil {
			return egg.InvalidConfig("CSRF.InsecureBypassPatterns", err.Error())
		}
	}
	if c.Mode != ModeToken {
		return nil
	}
	for _, f := range []struct{ field, value string }{
		{"CSRF.CookieName", c.CookieName}, {"CSRF.HeaderName", c.HeaderName},
		{"CSRF.BodyName", c.BodyName}, {"CSRF.QueryName", c.QueryName},
	} {
		if !isToken(f.value) {
			return egg.InvalidConfig(f.field, "must be a non-empty name of letters, digits and !#$%&'*+-.^_`|~ (token mode reads it)")
		}
	}
	if len(c.Methods) == 0 {
		return egg.InvalidConfig("CSRF.Methods", "list the methods that need a token, e.g. POST,PATCH,DELETE,PUT,CONNECT")
	}
	for _, m := range c.Methods {
		if !isToken(m) {
			return egg.InvalidConfig("CSRF.Methods", fmt.Sprintf("%q is not a method name; use e.g. POST", m))
		}
	}
	if c.BodyLimit <= 0 {
		return egg.InvalidConfig("CSRF.BodyLimit", fmt.Sprintf("must be a positive number of bytes, e.g. %d (1 MiB)", DefaultBodyLimit))
	}
	return nil
}

// checkBypassPattern registers p on a scratch ServeMux, turning its panic
// for a malformed pattern into an error.
func checkBypassPattern(p string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pattern %q is invalid (%v); use http.ServeMux syntax, e.g. \"POST /webhooks/\"", p, r)
		}
	}()
	http.NewServeMux().Handle(p, http.NotFoundHandler())
	return nil
}

// headerSafe reports whether s can be sent as a header value.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 && b != '\t' || b == 0x7f {
			return false
		}
	}
	return true
}

// isToken reports whether s is a non-empty RFC 9110 token (header,
// cookie and method names).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0) {
			return false
		}
	}
	return true
}

// enabled reports whether a string header value is on.
func enabled(v string) bool { return v != "" && !strings.EqualFold(v, Off) }
