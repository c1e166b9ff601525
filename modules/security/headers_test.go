package security_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
)

var defaultHeaders = map[string]string{
	"X-Frame-Options":        "SAMEORIGIN",
	"X-Content-Type-Options": "nosniff",
	"X-Download-Options":     "noopen",
}

var offByDefault = []string{"X-Xss-Protection", "Referrer-Policy", "Content-Security-Policy", "Content-Security-Policy-Report-Only", "Strict-Transport-Security"}

// The default headers are on every response, errors included, and the
// headers that are off by default are absent.
func TestDefaultHeadersOnEveryResponse(t *testing.T) {
	s := serve(t)
	for _, tt := range []struct {
		name, method, path string
		status             int
	}{
		{"200", "GET", "/hello", 200},
		{"404 from the router", "GET", "/nowhere", 404},
		{"405 for TRACE", "TRACE", "/hello", 405},
		{"400 for ..", "GET", "/files/../secret", 400},
		{"403 from csrf", "DELETE", "/things/1", 403},
		{"302", "GET", "/go?to=/hello", 302},
	} {
		var hdr []string
		if tt.status == 403 {
			hdr = []string{"Sec-Fetch-Site", "cross-site"}
		}
		r := s.do(tt.method, tt.path, nil, hdr...)
		if r.code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, r.code, tt.status)
		}
		for k, v := range defaultHeaders {
			if got := r.header.Values(k); len(got) != 1 || got[0] != v {
				t.Errorf("%s: %s = %q, want [%q]", tt.name, k, got, v)
			}
		}
		for _, k := range offByDefault {
			if v := r.header.Get(k); v != "" {
				t.Errorf("%s: %s = %q, want none by default", tt.name, k, v)
			}
		}
	}
}

func TestHeadersConfigured(t *testing.T) {
	s := serve(t, egg.Configure(func(c *security.Config) {
		c.XFrame = "deny"
		c.NoSniff = false
		c.NoOpen = false
		c.XSSProtection = "0"
		c.ReferrerPolicy = "strict-origin-when-cross-origin"
	}))
	r := s.do("GET", "/hello", nil)
	want := map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin",
		"X-Content-Type-Options": "", "X-Download-Options": "", "X-Xss-Protection": "0"}
	for k, v := range want {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestHeadersFromEnv(t *testing.T) {
	t.Setenv("SECURITY_XFRAME", "off")
	t.Setenv("SECURITY_NOOPEN", "false")
	t.Setenv("SECURITY_REFERRER_POLICY", "no-referrer")
	t.Setenv("SECURITY_XSS_PROTECTION", "0")
	r := serve(t).do("GET", "/hello", nil)
	if r.header.Get("X-Frame-Options") != "" || r.header.Get("X-Download-Options") != "" || r.header.Get("Referrer-Policy") != "no-referrer" ||
		r.header.Get("X-Xss-Protection") != "0" {
		t.Errorf("env config not applied: %v", r.header)
	}
}

// Handlers can still change a header for one route: the module sets them
// before the handler runs.
func TestHandlerMayOverrideAHeader(t *testing.T) {
	s := serve(t, egg.Module("embed", egg.Routes(func(r *egg.Router) {
		r.Get("/widget", func(c *egg.Ctx) error {
			c.Response().Header().Del("X-Frame-Options")
			return c.Text(200, "embeddable")
		})
	})))
	if r := s.do("GET", "/widget", nil); r.header.Get("X-Frame-Options") != "" {
		t.Errorf("X-Frame-Options = %q after the handler removed it", r.header.Get("X-Frame-Options"))
	}
}

func TestHSTSOnlyOverHTTPS(t *testing.T) {
	hsts := egg.Configure(func(c *security.Config) {
		c.HSTS.Enable = true
		c.HSTS.IncludeSubdomains = true
	})
	app := eggtest.New(t, onerror.Module, security.Module, routes, hsts)
	tlsSrv := httptest.NewTLSServer(app)
	t.Cleanup(tlsSrv.Close)
	res, err := tlsSrv.Client().Get(tlsSrv.URL + "/hello")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
		t.Errorf("over TLS: Strict-Transport-Security = %q", got)
	}

	plain := serve(t, hsts)
	if got := plain.do("GET", "/hello", nil).header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("over plain HTTP: Strict-Transport-Security = %q, want none", got)
	}
	if got := plain.do("GET", "/hello", nil, "X-Forwarded-Proto", "https").header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("X-Forwarded-Proto without proxy mode: Strict-Transport-Security = %q, want none", got)
	}
	proxied := serve(t, hsts, egg.Configure(func(c *egg.HTTPConfig) { c.Proxy = true }),
		egg.Configure(func(c *security.Config) {
			c.HSTS.MaxAge = 3600e9
			c.HSTS.IncludeSubdomains = false
			c.HSTS.Preload = true
		}))
	if got := proxied.do("GET", "/hello", nil, "X-Forwarded-Proto", "https").header.Get("Strict-Transport-Security"); got != "max-age=3600; preload" {
		t.Errorf("behind a proxy on https: Strict-Transport-Security = %q", got)
	}
}

var nonceRE = regexp.MustCompile(`'nonce-([A-Z2-7]{26})'`)

func TestCSPNonce(t *testing.T) {
	s := serve(t, egg.Configure(func(c *security.Config) { c.CSP.Enable = true }))
	a, b := s.do("GET", "/nonce", nil), s.do("GET", "/nonce", nil)
	for _, r := range []result{a, b} {
		csp := r.header.Get("Content-Security-Policy")
		m := nonceRE.FindStringSubmatch(csp)
		if m == nil || m[1] != r.body {
			t.Fatalf("CSP %q, CSPNonce %q: want the nonce in script-src", csp, r.body)
		}
		if want := "default-src 'self'; script-src 'self' 'nonce-" + r.body + "'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"; csp != want {
			t.Errorf("CSP = %q, want %q", csp, want)
		}
	}
	if a.body == b.body {
		t.Errorf("two responses share the nonce %q", a.body)
	}
	if r := s.do("GET", "/nowhere", nil); !nonceRE.MatchString(r.header.Get("Content-Security-Policy")) {
		t.Errorf("404 without CSP: %v", r.header)
	}
	if r := serve(t).do("GET", "/nonce", nil); r.body != "" {
		t.Errorf("CSP off: CSPNonce = %q, want empty", r.body)
	}
}

func TestCSPPolicies(t *testing.T) {
	tests := []struct {
		policy     string
		reportOnly bool
		want       string // with N for the nonce
	}{
		{"default-src 'self' https://cdn.example", false, "default-src 'self' https://cdn.example; script-src 'self' https://cdn.example 'nonce-N'"},
		{"script-src 'self'; img-src *;", false, "script-src 'self' 'nonce-N'; img-src *"},
		{" img-src * ", true, "img-src *"},
	}
	for _, tt := range tests {
		s := serve(t, egg.Configure(func(c *security.Config) {
			c.CSP = security.CSPConfig{Enable: true, Policy: tt.policy, ReportOnly: tt.reportOnly}
		}))
		r := s.do("GET", "/nonce", nil)
		name := "Content-Security-Policy"
		if tt.reportOnly {
			name += "-Report-Only"
		}
		got := r.header.Get(name)
		if r.body != "" {
			got = strings.Replace(got, r.body, "N", 1)
		}
		if got != tt.want {
			t.Errorf("policy %q: %s = %q, want %q", tt.policy, name, got, tt.want)
		}
	}
}

func TestMethodAndPathGuards(t *testing.T) {
	s := serve(t)
	for _, tt := range []struct {
		method, path string
		status       int
		code         string
	}{
		{"TRACE", "/hello", 405, "method_not_allowed"},
		{"TRACK", "/hello", 405, "method_not_allowed"},
		{"TRACE", "/files/x", 405, "method_not_allowed"}, // even where a route takes every method
		{"GET", "/files/../etc/passwd", 400, "invalid_path"},
		{"GET", "/files/%2e%2e/etc/passwd", 400, "invalid_path"},
		{"GET", "/files/a%2f..%2fb", 400, "invalid_path"},
		{"GET", `/files/..%5Cwin.ini`, 400, "invalid_path"},
		{"GET", "/files/..", 400, "invalid_path"},
		{"GET", "/files/a..b/..c/d..", 200, ""},
		{"GET", "/files/.../x", 200, ""},
		{"OPTIONS", "/hello", 405, ""}, // the router's own 405 for a route without OPTIONS
	} {
		expect(t, tt.method+" "+tt.path, s.do(tt.method, tt.path, nil), tt.status, tt.code)
	}
}

func TestMiddlewareOrderAndNames(t *testing.T) {
	s := serve(t)
	got := strings.Join(s.App.Middleware(), ",")
	if got != "security,csrf" {
		t.Errorf("middleware = %s, want security,csrf", got)
	}
	off := serve(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"security": {Disable: true}}
	}))
	r := off.do("TRACE", "/hello", nil)
	if r.header.Get("X-Frame-Options") != "" || r.code == http.StatusOK {
		t.Errorf("security middleware disabled: %d %v", r.code, r.header)
	}
}
