package security_test

import (
	"net/url"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/security"
)

func TestSafeRedirect(t *testing.T) {
	const host = "app.example:7001"
	white := []string{".partner.example", "docs.example"}
	tests := []struct {
		target string
		want   string
		ok     bool
	}{
		// paths on this host
		{"/", "/", true},
		{"/users/1?tab=a#top", "/users/1?tab=a#top", true},
		{"next", "next", true},
		{"", "", true},
		{"/a\\b?q=\\x", "/a/b?q=\\x", true}, // backslashes in the path become slashes, not in the query
		{"/search?q=//evil.example", "/search?q=//evil.example", true},
		{"/a b", "/a b", true},
		// the app's own host, any port or case
		{"http://app.example/x", "http://app.example/x", true},
		{"https://APP.example:443/x", "https://APP.example:443/x", true},
		{"//app.example/x", "//app.example/x", true},
		{"http://user@app.example/", "http://user@app.example/", true},
		// white-listed domains
		{"https://partner.example/cb", "https://partner.example/cb", true},
		{"https://a.b.partner.example/cb", "https://a.b.partner.example/cb", true},
		{"https://docs.example/", "https://docs.example/", true},
		{"https://api.docs.example/", "https://api.docs.example/", true},
		// other hosts
		{"http://evil.example", "/", false},
		{"https://evil.example/path", "/", false},
		{"//evil.example", "/", false},
		{"///evil.example", "/", false},
		{`/\evil.example`, "/", false},
		{`\\evil.example`, "/", false},
		{`\/evil.example`, "/", false},
		{"http:/\\evil.example", "/", false},
		{"https://app.example@evil.example/", "/", false},
		{`http://evil.example\@app.example/`, "/", false},
		{"http://evil.example#@app.example", "/", false},
		{"http://evil.example?@app.example", "/", false},
		{"https://badpartner.example/", "/", false},
		{"https://partner.example.evil.example/", "/", false},
		{"http://app.example.evil.example/", "/", false},
		{"http://evil%2eexample/", "/", false},
		{"http://app%2eexample/", "/", false},
		{"http://évil.example/", "/", false},
		{"http://[::1]/", "/", false},
		// other schemes and forms
		{"javascript:alert(1)", "/", false},
		{"JavaScript:alert(1)", "/", false},
		{"data:text/html,<script>alert(1)</script>", "/", false},
		{"vbscript:msgbox", "/", false},
		{"http:evil.example", "/", false},
		{"https:app.example", "/", false},
		{"ftp://app.example/", "/", false},
		// control characters and spaces that browsers strip
		{"/\t/evil.example", "/", false},
		{"/\n/evil.example", "/", false},
		{"java\tscript:alert(1)", "/", false},
		{" //evil.example", "/", false},
		{"/x ", "/", false},
		{"/x\r\nSet-Cookie: a=b", "/", false},
		{"\x00//evil.example", "/", false},
	}
	for _, tt := range tests {
		got, ok := security.SafeRedirect(tt.target, host, white)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SafeRedirect(%q) = %q, %v; want %q, %v", tt.target, got, ok, tt.want, tt.ok)
		}
	}
	if got, ok := security.SafeRedirect("http://[::1]:8080/x", "[::1]:7001", nil); !ok || got != "http://[::1]:8080/x" {
		t.Errorf("own IPv6 host: %q %v", got, ok)
	}
}

func TestMatchDomain(t *testing.T) {
	list := []string{".example.com", "Other.Example", " spaced.example "}
	for host, want := range map[string]bool{
		"example.com": true, "a.example.com": true, "A.B.EXAMPLE.COM.": true, "badexample.com": false,
		"other.example": true, "x.other.example": true, "spaced.example": true, "example.org": false, "": false, "com": false,
	} {
		if got := security.MatchDomain(host, list); got != want {
			t.Errorf("MatchDomain(%q) = %v, want %v", host, got, want)
		}
	}
}

// Every unsafe form, sent by a client to a handler that redirects to a
// query parameter, comes back as a redirect to "/".
func TestRedirectOverHTTP(t *testing.T) {
	s := serve(t, egg.Configure(func(c *security.Config) { c.DomainWhiteList = []string{".partner.example"} }))
	own := "http://" + s.host() + "/dashboard"
	for target, want := range map[string]string{
		"//evil.example":              "/",
		`/\evil.example`:              "/",
		"javascript:alert(1)":         "/",
		"http://evil.example":         "/",
		"https://evil.example/phish":  "/",
		"/\t/evil.example":            "/",
		"http:evil.example":           "/",
		"/dashboard?x=1":              "/dashboard?x=1",
		own:                           own,
		"https://www.partner.example": "https://www.partner.example",
	} {
		r := s.do("GET", "/go?to="+url.QueryEscape(target), nil)
		if r.code != 302 || r.header.Get("Location") != want {
			t.Errorf("redirect to %q: %d Location %q, want 302 %q", target, r.code, r.header.Get("Location"), want)
		}
	}
	s.ExpectLog("security: redirect refused")

	if r := s.do("GET", "/unsafe?to="+url.QueryEscape("https://evil.example/x"), nil); r.code != 302 || r.header.Get("Location") != "https://evil.example/x" {
		t.Errorf("UnsafeRedirect: %d %q, want 302 to the given URL", r.code, r.header.Get("Location"))
	}
}

func TestRedirectWhiteListFromEnv(t *testing.T) {
	t.Setenv("SECURITY_DOMAIN_WHITELIST", "a.example, .b.example")
	s := serve(t)
	for target, want := range map[string]string{
		"https://a.example/":   "https://a.example/",
		"https://x.b.example/": "https://x.b.example/",
		"https://c.example/":   "/",
	} {
		if r := s.do("GET", "/go?to="+url.QueryEscape(target), nil); r.header.Get("Location") != want {
			t.Errorf("with SECURITY_DOMAIN_WHITELIST, redirect to %q: Location %q, want %q", target, r.header.Get("Location"), want)
		}
	}
}

// Router.Redirect goes through the same guard (as Egg's router.redirect
// uses ctx.redirect).
func TestRouterRedirectIsGuarded(t *testing.T) {
	s := serve(t, egg.Module("legacy", egg.Routes(func(r *egg.Router) {
		r.Redirect("/old", "https://elsewhere.example/new")
		r.Redirect("/moved", "/hello")
	})))
	if r := s.do("GET", "/old", nil); r.code != 301 || r.header.Get("Location") != "/" {
		t.Errorf("/old: %d %q, want 301 / (elsewhere.example is not white-listed)", r.code, r.header.Get("Location"))
	}
	if r := s.do("GET", "/moved", nil); r.header.Get("Location") != "/hello" {
		t.Errorf("/moved: %q", r.header.Get("Location"))
	}
}
