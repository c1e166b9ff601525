package jsonp_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/jsonp"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"github.com/egg-go/egg/modules/security/securitytest"
)

func wrapped(cb, json string) string {
	return "/**/ typeof " + cb + " === 'function' && " + cb + "(" + json + ");"
}

func TestJSONPOverHTTP(t *testing.T) {
	s := serve(t)
	users := `[{"id":1,"name":"ann"},{"id":2,"name":"bo\u2028b"}]` // U+2028 escaped by encoding/json already

	plain := s.get("/api/users")
	if plain.code != 200 || plain.header.Get("Content-Type") != "application/json; charset=utf-8" || plain.body != users {
		t.Errorf("no callback: %d %q %q, want the handler's JSON", plain.code, plain.header.Get("Content-Type"), plain.body)
	}
	for _, tt := range []struct{ query, cb string }{
		{"callback=cb", "cb"},
		{"_callback=fn", "fn"},
		{"callback=second&_callback=first", "first"}, // _callback is looked at first, as in Egg
		{"callback=&_callback=", ""},
		{"callback=jQuery3510_1700000000000", "jQuery3510_1700000000000"},
		{"callback=" + url.QueryEscape("app.handlers[0]"), "app.handlers[0]"},
		{"callback=" + strings.Repeat("a", 50), strings.Repeat("a", 50)},
	} {
		r := s.get("/api/users?" + tt.query)
		if tt.cb == "" {
			if r.body != users {
				t.Errorf("?%s: %q, want plain JSON", tt.query, r.body)
			}
			continue
		}
		if r.code != 200 || r.header.Get("Content-Type") != "application/javascript; charset=utf-8" ||
			r.header.Get("X-Content-Type-Options") != "nosniff" || r.body != wrapped(tt.cb, users) {
			t.Errorf("?%s: %d %q %q, want 200 application/javascript %q", tt.query, r.code, r.header.Get("Content-Type"), r.body, wrapped(tt.cb, users))
		}
	}
}

func TestBadCallbackNames(t *testing.T) {
	s := serve(t)
	for _, name := range []string{"alert(1)", "a b", "<script>", "cb;evil()", "a-b", "cb//", "x=1", "é", strings.Repeat("a", 51), "%zz"} {
		r := s.get("/api/users?callback=" + url.QueryEscape(name))
		if r.code != 400 || !strings.Contains(r.body, "invalid_jsonp_callback") || strings.Contains(r.body, "typeof") {
			t.Errorf("callback %q: %d %s, want 400 invalid_jsonp_callback", name, r.code, r.body)
		}
	}
	if r := s.get("/api/users?callback=%zz"); r.code != 400 {
		t.Errorf("malformed escape: %d", r.code)
	}
}

func TestOnlyJSONIsWrapped(t *testing.T) {
	s := serve(t)
	if r := s.get("/api/text?callback=cb"); r.body != "plain" || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("text response: %q %q, want it unchanged", r.body, r.header.Get("Content-Type"))
	}
	// A JSON error is JSON too: the script gets it through its callback.
	if r := s.get("/api/missing?callback=cb"); r.code != 404 || !strings.HasPrefix(r.body, "/**/ typeof cb === 'function' && cb({") ||
		!strings.Contains(r.body, `"code":"user_not_found"`) || !strings.HasSuffix(r.body, ");") {
		t.Errorf("JSON error: %d %q", r.code, r.body)
	}
	want := wrapped("cb", `["a\u2028b", "c\u2029", "`+"\xe2\x80\xe2\x80x"+`"]`)
	if r := s.get("/api/raw?callback=cb"); r.body != want || r.header.Get("Content-Length") == "99" {
		t.Errorf("+json written in pieces: %q (the handler's Content-Length %q kept), want %q", r.body, r.header.Get("Content-Length"), want)
	}
	if r := s.get("/api/empty?callback=cb"); r.body != wrapped("cb", "") {
		t.Errorf("empty JSON body: %q", r.body)
	}
	r := s.get("/api/panic?callback=cb")
	if r.code != 500 || strings.Contains(r.body, "typeof") || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("panic: %d %q %q, want a plain 500 error", r.code, r.header.Get("Content-Type"), r.body)
	}
	if r := s.get("/plain?callback=cb"); strings.Contains(r.body, "typeof") {
		t.Errorf("route without the middleware wrapped: %q", r.body)
	}
}

// By default a JSONP request must pass the security module's CSRF check,
// as an unsafe request would: a script tag on another site is refused.
func TestJSONPGuardedByCSRFCheck(t *testing.T) {
	s := serve(t)
	for _, tt := range []struct {
		name   string
		hdr    []string
		status int
	}{
		{"script on another site", []string{"Sec-Fetch-Site", "cross-site", "Referer", "https://evil.example/"}, 403},
		{"script on a sibling subdomain", []string{"Sec-Fetch-Site", "same-site"}, 403},
		{"old browser, foreign Origin", []string{"Origin", "https://evil.example"}, 403},
		{"script on the app's own page", []string{"Sec-Fetch-Site", "same-origin"}, 200},
		{"opened directly", []string{"Sec-Fetch-Site", "none"}, 200},
		{"not a browser", nil, 200},
	} {
		r := s.get("/api/users?callback=cb", tt.hdr...)
		if r.code != tt.status || (tt.status == 403 && !strings.Contains(r.body, "jsonp_forbidden")) {
			t.Errorf("%s: %d %s, want %d", tt.name, r.code, r.body, tt.status)
		}
	}
	// a cross-site page may still read the plain JSON route the same way as before (no callback, no JSONP)
	if r := s.get("/api/users", "Sec-Fetch-Site", "cross-site"); r.code != 200 {
		t.Errorf("plain JSON, cross-site: %d", r.code)
	}
	if r := s.get("/short?cb=x", "Sec-Fetch-Site", "cross-site"); r.code != 200 || r.body[:4] != "/**/" {
		t.Errorf("route override with CSRF off: %d %q", r.code, r.body)
	}
}

func TestJSONPWhiteList(t *testing.T) {
	cross := func(referer string) []string {
		return []string{"Sec-Fetch-Site", "cross-site", "Referer", referer}
	}
	both := serve(t, egg.Configure(func(c *jsonp.Config) { c.WhiteList = []string{".partner.example"} }))
	for ref, want := range map[string]int{
		"https://partner.example/page":          200,
		"https://www.partner.example/page":      200,
		"http://partner.example.evil/":          403,
		"https://evil.example/?partner.example": 403,
		"javascript://partner.example":          403,
		"":                                      403,
	} {
		if r := both.get("/api/users?callback=cb", cross(ref)...); r.code != want {
			t.Errorf("CSRF + WhiteList, Referer %q: %d, want %d", ref, r.code, want)
		}
	}
	if r := both.get("/api/users?callback=cb", "Sec-Fetch-Site", "same-origin"); r.code != 200 {
		t.Errorf("CSRF + WhiteList, same-origin without Referer: %d, want 200 (the CSRF check passes)", r.code)
	}

	t.Setenv("JSONP_CSRF", "false")
	t.Setenv("JSONP_WHITELIST", "partner.example")
	only := serve(t)
	if r := only.get("/api/users?callback=cb", cross("https://partner.example/")...); r.code != 200 {
		t.Errorf("WhiteList only, partner: %d", r.code)
	}
	if r := only.get("/api/users?callback=cb"); r.code != 403 {
		t.Errorf("WhiteList only, no Referer: %d, want 403", r.code)
	}
}

func TestJSONPUnguarded(t *testing.T) {
	t.Setenv("JSONP_CSRF", "false")
	s := serve(t)
	s.ExpectLog("any site can read the JSONP answers")
	if r := s.get("/api/users?callback=cb", "Sec-Fetch-Site", "cross-site"); r.code != 200 {
		t.Errorf("no guard: %d", r.code)
	}
}

func TestJSONPInTokenMode(t *testing.T) {
	s := serve(t, egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken }))
	cookie, _, token := securitytest.Token(s.App)
	if r := s.get("/api/users?callback=cb", "Cookie", cookie.Name+"="+cookie.Value); r.code != 403 {
		t.Errorf("token mode, no token: %d, want 403", r.code)
	}
	if r := s.get("/api/users?callback=cb&_csrf="+url.QueryEscape(token), "Cookie", cookie.Name+"="+cookie.Value); r.code != 200 {
		t.Errorf("token mode, with the token: %d %s", r.code, r.body)
	}
}

func TestPerRouteOverride(t *testing.T) {
	s := serve(t)
	if r := s.get("/short?cb=abcde"); r.body[:4] != "/**/" {
		t.Errorf("override callback name: %q", r.body)
	}
	if r := s.get("/short?cb=abcdef"); r.code != 400 {
		t.Errorf("override limit 5, 6 characters: %d", r.code)
	}
	if r := s.get("/short?callback=abc"); strings.HasPrefix(r.body, "/**/") {
		t.Errorf("override callbacks: ?callback still used: %q", r.body)
	}
}

func TestModuleNeedsSecurityForCSRF(t *testing.T) {
	_, err := eggtest.Start(t, onerror.Module, jsonp.Module, routes)
	if err == nil || !strings.Contains(err.Error(), "security.Module") || !strings.Contains(err.Error(), "JSONP_CSRF=false") {
		t.Errorf("jsonp without security: %v, want an error naming security.Module and JSONP_CSRF", err)
	}
	app := eggtest.New(t, onerror.Module, jsonp.Module, routes,
		egg.Configure(func(c *jsonp.Config) { c.CSRF = false; c.WhiteList = []string{"partner.example"} }))
	app.GET("/api/users?callback=cb").Header("Referer", "https://partner.example/").Do().Status(200).BodyContains("typeof cb")
}

func TestConfigErrors(t *testing.T) {
	for _, tt := range []struct {
		set   func(*jsonp.Config)
		field string
	}{
		{func(c *jsonp.Config) { c.Limit = 0 }, "Limit"},
		{func(c *jsonp.Config) { c.Callbacks = nil }, "Callbacks"},
		{func(c *jsonp.Config) { c.Callbacks = []string{"a=b"} }, "Callbacks"},
		{func(c *jsonp.Config) { c.WhiteList = []string{"https://x.example"} }, "WhiteList"},
	} {
		_, err := eggtest.Start(t, security.Module, jsonp.Module, egg.Configure(tt.set))
		if err == nil || !strings.Contains(err.Error(), `module "jsonp" config field `+tt.field) {
			t.Errorf("%s: %v", tt.field, err)
		}
	}
	t.Setenv("JSONP_LIMIT", "3")
	s := serve(t)
	if r := s.get("/api/users?callback=abcd"); r.code != 400 {
		t.Errorf("JSONP_LIMIT=3, 4 characters: %d", r.code)
	}
}

func TestValidCallback(t *testing.T) {
	for name, want := range map[string]bool{"cb": true, "a.b[1]._c": true, "": false, "a b": false, "a(": false, "$": false, "ab": true} {
		if got := jsonp.ValidCallback(name, 50); got != want {
			t.Errorf("ValidCallback(%q) = %v", name, got)
		}
	}
	if jsonp.ValidCallback("abc", 2) {
		t.Error("limit not applied")
	}
}
