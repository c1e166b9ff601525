package security_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/security"
)

func TestOriginModeOverHTTP(t *testing.T) {
	s := serve(t)
	own := "http://" + s.host()
	tests := []struct {
		name   string
		method string
		path   string
		hdr    []string
		status int
		code   string
	}{
		{"cross-site POST", "POST", "/things", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, 403, security.CodeCrossOrigin},
		{"same-site (sibling subdomain) POST", "POST", "/things", []string{"Sec-Fetch-Site", "same-site", "Origin", "https://a.example"}, 403, security.CodeCrossOrigin},
		{"cross-site DELETE", "DELETE", "/things/1", []string{"Sec-Fetch-Site", "cross-site"}, 403, security.CodeCrossOrigin},
		{"foreign Origin, no Sec-Fetch-Site (old browser)", "POST", "/things", []string{"Origin", "https://evil.example"}, 403, security.CodeCrossOrigin},
		{"same-origin POST", "POST", "/things", []string{"Sec-Fetch-Site", "same-origin", "Origin", own}, 201, ""},
		{"user typed it (Sec-Fetch-Site none)", "POST", "/things", []string{"Sec-Fetch-Site", "none"}, 201, ""},
		{"own Origin, no Sec-Fetch-Site", "POST", "/things", []string{"Origin", own}, 201, ""},
		{"API client: neither header", "POST", "/things", nil, 201, ""},
		{"cross-site GET is a read", "GET", "/hello", []string{"Sec-Fetch-Site", "cross-site"}, 200, ""},
	}
	for _, tt := range tests {
		r := s.do(tt.method, tt.path, strings.NewReader(`{"name":"x"}`), append([]string{"Content-Type", "application/json"}, tt.hdr...)...)
		expect(t, tt.name, r, tt.status, tt.code)
		if tt.status == 403 && r.header.Get("X-Frame-Options") != "SAMEORIGIN" {
			t.Errorf("%s: the 403 lacks the security headers: %v", tt.name, r.header)
		}
	}
}

func TestOriginModeTrustedOriginsAndBypass(t *testing.T) {
	s := serve(t, egg.Configure(func(c *security.Config) {
		c.CSRF.TrustedOrigins = []string{"https://admin.example"}
		c.CSRF.InsecureBypassPatterns = []string{"POST /webhooks/"}
	}))
	json := []string{"Content-Type", "application/json"}
	expect(t, "trusted origin", s.do("POST", "/things", strings.NewReader(`{}`),
		append(json, "Sec-Fetch-Site", "cross-site", "Origin", "https://admin.example")...), 201, "")
	expect(t, "trusted origin needs the exact scheme", s.do("POST", "/things", strings.NewReader(`{}`),
		append(json, "Sec-Fetch-Site", "cross-site", "Origin", "http://admin.example")...), 403, security.CodeCrossOrigin)
	expect(t, "bypass pattern", s.do("POST", "/webhooks/in", nil, "Sec-Fetch-Site", "cross-site", "Origin", "https://stripe.example"), 200, "")
	expect(t, "outside the bypass pattern", s.do("DELETE", "/things/1", nil, "Sec-Fetch-Site", "cross-site"), 403, security.CodeCrossOrigin)
}

func TestOriginModeFromEnv(t *testing.T) {
	t.Setenv("SECURITY_CSRF_TRUSTED_ORIGINS", "https://a.example, https://b.example")
	s := serve(t)
	for _, o := range []string{"https://a.example", "https://b.example"} {
		expect(t, o, s.do("DELETE", "/things/1", nil, "Sec-Fetch-Site", "cross-site", "Origin", o), 204, "")
	}
	expect(t, "other", s.do("DELETE", "/things/1", nil, "Sec-Fetch-Site", "cross-site", "Origin", "https://c.example"), 403, security.CodeCrossOrigin)
}

// The kernel applies Egg's match/ignore by middleware name: here the
// check is skipped under /webhooks, and only runs under /things.
func TestCSRFHonoursIgnoreAndMatch(t *testing.T) {
	cross := []string{"Sec-Fetch-Site", "cross-site"}
	ignore := serve(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"csrf": {Ignore: []egg.Matcher{egg.PathPrefix("/webhooks")}}}
	}))
	expect(t, "ignored path", ignore.do("POST", "/webhooks/in", nil, cross...), 200, "")
	expect(t, "other path", ignore.do("DELETE", "/things/1", nil, cross...), 403, security.CodeCrossOrigin)

	match := serve(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"csrf": {Match: []egg.Matcher{egg.PathPrefix("/things")}}}
	}))
	expect(t, "matched path", match.do("DELETE", "/things/1", nil, cross...), 403, security.CodeCrossOrigin)
	expect(t, "unmatched path", match.do("POST", "/webhooks/in", nil, cross...), 200, "")

	token := serve(t, egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken }),
		egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"csrf": {Ignore: []egg.Matcher{egg.PathPrefix("/webhooks")}}}
		}))
	expect(t, "token mode, ignored path", token.do("POST", "/webhooks/in", nil), 200, "")
	expect(t, "token mode, other path", token.do("DELETE", "/things/1", nil), 403, security.CodeMissingToken)
}

func TestCSRFOff(t *testing.T) {
	t.Setenv("SECURITY_CSRF_MODE", "off")
	s := serve(t)
	expect(t, "off", s.do("DELETE", "/things/1", nil, "Sec-Fetch-Site", "cross-site"), 204, "")
	if got := s.do("GET", "/token", nil).body; got != "" {
		t.Errorf("CSRFToken with CSRF off = %q, want empty", got)
	}
}

// Check and Verify work on plain requests, without an egg app.
func TestCheckAndVerifyWithoutEgg(t *testing.T) {
	g, err := security.NewCSRF(security.DefaultCSRFConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := func(method string, kv ...string) *http.Request {
		r, _ := http.NewRequest(method, "http://app.example/x", nil)
		for i := 0; i+1 < len(kv); i += 2 {
			r.Header.Set(kv[i], kv[i+1])
		}
		return r
	}
	if err := g.Check(req("GET", "Sec-Fetch-Site", "cross-site")); err != nil {
		t.Errorf("Check of a cross-site GET: %v, want nil (safe method)", err)
	}
	if err := g.Verify(req("GET", "Sec-Fetch-Site", "cross-site")); egg.StatusOf(err) != 403 {
		t.Errorf("Verify of a cross-site GET: %v, want 403", err)
	}
	if err := g.Verify(req("GET", "Sec-Fetch-Site", "same-origin")); err != nil {
		t.Errorf("Verify of a same-origin GET: %v", err)
	}
	if err := g.Check(req("PUT", "Origin", "https://evil.example")); egg.StatusOf(err) != 403 {
		t.Errorf("Check of a foreign-origin PUT: %v, want 403", err)
	}
	if g.Mode() != security.ModeOrigin {
		t.Errorf("Mode = %q", g.Mode())
	}
}
