package security_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"go.uber.org/fx"
)

func tokenMode(more ...func(*security.Config)) fx.Option {
	return egg.Configure(func(c *security.Config) {
		c.CSRF.Mode = security.ModeToken
		for _, f := range more {
			f(c)
		}
	})
}

// mint returns a token-mode secret signed with keys.
func mint(t *testing.T, keys ...string) string {
	t.Helper()
	cfg := security.DefaultCSRFConfig()
	cfg.Mode = security.ModeToken
	g, err := security.NewCSRF(cfg, keys)
	if err != nil {
		t.Fatal(err)
	}
	return g.NewToken()
}

func cookieHdr(v string) []string { return []string{"Cookie", "csrfToken=" + v} }

func TestTokenModeCookieIsSet(t *testing.T) {
	s := serve(t, tokenMode())
	r := s.do("GET", "/hello", nil)
	var ck *http.Cookie
	for _, c := range r.res.Cookies() {
		if c.Name == "csrfToken" {
			ck = c
		}
	}
	if ck == nil || ck.Value == "" || ck.Path != "/" || ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
		t.Fatalf("GET without a cookie: Set-Cookie %q, want csrfToken with Path=/, SameSite=Lax, readable by scripts", r.header.Values("Set-Cookie"))
	}
	if again := s.do("GET", "/hello", nil, cookieHdr(ck.Value)...); again.cookie("csrfToken") != "" {
		t.Errorf("GET with a valid cookie set it again: %q", again.header.Values("Set-Cookie"))
	}
	if r := s.do("POST", "/webhooks/in", nil); r.code != 403 || r.cookie("csrfToken") == "" {
		t.Errorf("refused POST without a cookie: %d, Set-Cookie %q; want 403 with a cookie to retry with", r.code, r.header.Values("Set-Cookie"))
	}
	forged := mint(t, "another app's key")
	if r := s.do("GET", "/hello", nil, cookieHdr(forged)...); r.cookie("csrfToken") == "" || r.cookie("csrfToken") == forged {
		t.Errorf("GET with a foreign cookie: Set-Cookie %q, want a fresh cookie", r.header.Values("Set-Cookie"))
	}
}

func TestTokenModeOverHTTP(t *testing.T) {
	s := serve(t, tokenMode())
	good := mint(t, testKeys...)
	other := mint(t, testKeys...)           // valid, but another client's secret
	foreign := mint(t, "another app's key") // signed with a key the app does not have
	oldKey := mint(t, testKeys[1])          // signed with the app's second (older) key
	jsonBody := func() *strings.Reader { return strings.NewReader(`{"name":"bob"}`) }
	jsonCT := []string{"Content-Type", "application/json"}
	hdrs := func(kv ...string) []string { return append(append([]string{}, jsonCT...), kv...) }

	tests := []struct {
		name   string
		method string
		path   string
		hdr    []string
		status int
		code   string
	}{
		{"no cookie, no token", "POST", "/things", hdrs(), 403, security.CodeMissingToken},
		{"token without cookie", "POST", "/things", hdrs("X-Csrf-Token", good), 403, security.CodeMissingToken},
		{"cookie without token", "POST", "/things", hdrs(cookieHdr(good)...), 403, security.CodeMissingToken},
		{"bad token", "POST", "/things", hdrs(append(cookieHdr(good), "X-Csrf-Token", "not-a-token")...), 403, security.CodeInvalidToken},
		{"another client's token", "POST", "/things", hdrs(append(cookieHdr(good), "X-Csrf-Token", other)...), 403, security.CodeInvalidToken},
		{"cookie and token from another key", "POST", "/things", hdrs(append(cookieHdr(foreign), "X-Csrf-Token", foreign)...), 403, security.CodeInvalidToken},
		{"cookie tampered with", "POST", "/things", hdrs(append(cookieHdr(good[:len(good)-2]+"AA"), "X-Csrf-Token", good[:len(good)-2]+"AA")...), 403, security.CodeInvalidToken},
		{"header token", "POST", "/things", hdrs(append(cookieHdr(good), "X-Csrf-Token", good)...), 201, ""},
		{"older app key still verifies", "POST", "/things", hdrs(append(cookieHdr(oldKey), "X-Csrf-Token", oldKey)...), 201, ""},
		{"query token", "POST", "/things?_csrf=" + url.QueryEscape(good), hdrs(cookieHdr(good)...), 201, ""},
		{"PATCH needs one", "PATCH", "/things", hdrs(cookieHdr(good)...), 403, security.CodeMissingToken},
		{"DELETE needs one", "DELETE", "/things/1", cookieHdr(good), 403, security.CodeMissingToken},
		{"DELETE with one", "DELETE", "/things/1", append(cookieHdr(good), "X-Csrf-Token", good), 204, ""},
		{"GET needs none", "GET", "/hello", nil, 200, ""},
	}
	for _, tt := range tests {
		var body *strings.Reader
		if tt.method != "GET" && tt.method != "DELETE" {
			body = jsonBody()
		}
		var r result
		if body != nil {
			r = s.do(tt.method, tt.path, body, tt.hdr...)
		} else {
			r = s.do(tt.method, tt.path, nil, tt.hdr...)
		}
		expect(t, tt.name, r, tt.status, tt.code)
		if tt.status == 201 && r.body != "name=bob" {
			t.Errorf("%s: body %q, want the handler to bind name=bob", tt.name, r.body)
		}
	}
}

// The token can ride in an urlencoded form body; the handler still binds
// the whole body afterwards.
func TestTokenInFormBody(t *testing.T) {
	s := serve(t, tokenMode())
	good := mint(t, testKeys...)
	form := "application/x-www-form-urlencoded"
	r := s.do("POST", "/things", strings.NewReader("name=bob&_csrf="+url.QueryEscape(good)), append(cookieHdr(good), "Content-Type", form)...)
	if r.code != 201 || r.body != "name=bob" {
		t.Errorf("token in form: %d %q, want 201 name=bob", r.code, r.body)
	}
	r = s.do("POST", "/things", strings.NewReader("_csrf="+url.QueryEscape(good)+"&name=ann"), append(cookieHdr(good), "Content-Type", form)...)
	if r.code != 201 || r.body != "name=ann" {
		t.Errorf("token first in form: %d %q, want 201 name=ann", r.code, r.body)
	}
	expect(t, "wrong token in form", s.do("POST", "/things", strings.NewReader("name=bob&_csrf=nope"),
		append(cookieHdr(good), "Content-Type", form)...), 403, security.CodeInvalidToken)
	expect(t, "form without token", s.do("POST", "/things", strings.NewReader("name=bob"),
		append(cookieHdr(good), "Content-Type", form)...), 403, security.CodeMissingToken)
	expect(t, "JSON bodies are not searched", s.do("POST", "/things", strings.NewReader(`{"_csrf":"`+good+`"}`),
		append(cookieHdr(good), "Content-Type", "application/json")...), 403, security.CodeMissingToken)

	small := serve(t, tokenMode(func(c *security.Config) { c.CSRF.BodyLimit = 64 }))
	big := "name=" + strings.Repeat("x", 100) + "&_csrf=" + url.QueryEscape(good)
	expect(t, "form above BodyLimit", small.do("POST", "/things", strings.NewReader(big),
		append(cookieHdr(good), "Content-Type", form)...), 413, "csrf_body_too_large")
}

// multipartBody builds a form with the fields in order; a field called
// "file" is sent as a file part.
func multipartBody(t *testing.T, fields ...string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i] == "file" {
			fw, _ := w.CreateFormFile("file", "a.bin")
			_, _ = fw.Write([]byte(fields[i+1]))
			continue
		}
		_ = w.WriteField(fields[i], fields[i+1])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), &buf
}

func TestTokenInMultipartBody(t *testing.T) {
	s := serve(t, tokenMode(func(c *security.Config) { c.CSRF.BodyLimit = 8 << 10 }))
	good := mint(t, testKeys...)
	file := strings.Repeat("0123456789", 3000) // 30 KB, larger than BodyLimit and the multipart reader's buffer
	ct, body := multipartBody(t, "_csrf", good, "title", "report", "file", file)
	r := s.do("POST", "/upload", body, append(cookieHdr(good), "Content-Type", ct)...)
	want := "title=report file=a.bin size=30000 sum=" + itoa(sumString(file))
	if r.code != 201 || r.body != want {
		t.Errorf("token before the file: %d %q, want 201 %q (the handler reads the whole form)", r.code, r.body, want)
	}
	ct, body = multipartBody(t, "title", "report", "file", file, "_csrf", good)
	expect(t, "token after a file larger than BodyLimit", s.do("POST", "/upload", body, append(cookieHdr(good), "Content-Type", ct)...),
		403, security.CodeMissingToken)
	ct, body = multipartBody(t, "title", "report", "file", "small", "_csrf", good)
	if r := s.do("POST", "/upload", body, append(cookieHdr(good), "Content-Type", ct)...); r.code != 201 {
		t.Errorf("token after a small file: %d %s", r.code, r.body)
	}
	ct, body = multipartBody(t, "_csrf", "forged", "file", "x")
	expect(t, "forged token in multipart", s.do("POST", "/upload", body, append(cookieHdr(good), "Content-Type", ct)...),
		403, security.CodeInvalidToken)
}

func sumString(s string) int { return sum([]byte(s)) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestCSRFTokenForTemplates(t *testing.T) {
	s := serve(t, tokenMode())
	first := s.do("GET", "/token", nil)
	ck := first.cookie("csrfToken")
	if ck == "" || first.body == "" {
		t.Fatalf("GET /token without a cookie: token %q, cookie %q; want both", first.body, ck)
	}
	second := s.do("GET", "/token", nil, cookieHdr(ck)...)
	if second.body == first.body || second.cookie("csrfToken") != "" {
		t.Errorf("second CSRFToken: %q (first %q), Set-Cookie %q; want a different masked token and no new cookie",
			second.body, first.body, second.header.Values("Set-Cookie"))
	}
	for _, tok := range []string{first.body, second.body} {
		expect(t, "masked token", s.do("DELETE", "/things/1", nil, append(cookieHdr(ck), "X-Csrf-Token", tok)...), 204, "")
	}

	rot := s.do("POST", "/rotate", strings.NewReader(""), append(cookieHdr(ck), "X-Csrf-Token", first.body)...)
	fresh := rot.cookie("csrfToken")
	if rot.code != 200 || fresh == "" || fresh == ck || rot.body == "" {
		t.Fatalf("rotate: %d token %q cookie %q", rot.code, rot.body, fresh)
	}
	expect(t, "old token with the new cookie", s.do("DELETE", "/things/1", nil, append(cookieHdr(fresh), "X-Csrf-Token", first.body)...),
		403, security.CodeInvalidToken)
	expect(t, "new token with the new cookie", s.do("DELETE", "/things/1", nil, append(cookieHdr(fresh), "X-Csrf-Token", rot.body)...),
		204, "")

	origin := serve(t)
	if got := origin.do("GET", "/token", nil); got.body != "" || got.cookie("csrfToken") != "" {
		t.Errorf("origin mode: CSRFToken %q, cookie %q; want neither", got.body, got.cookie("csrfToken"))
	}
}

func TestTokenModeMethodsAndNames(t *testing.T) {
	s := serve(t, tokenMode(func(c *security.Config) {
		c.CSRF.Methods = []string{"delete"}
		c.CSRF.CookieName = "xsrf"
		c.CSRF.HeaderName = "X-Xsrf"
	}))
	good := mint(t, testKeys...)
	expect(t, "POST not listed", s.do("POST", "/webhooks/in", nil), 200, "")
	expect(t, "DELETE listed", s.do("DELETE", "/things/1", nil, "Cookie", "xsrf="+good, "X-Csrf-Token", good), 403, security.CodeMissingToken)
	expect(t, "renamed cookie and header", s.do("DELETE", "/things/1", nil, "Cookie", "xsrf="+good, "X-Xsrf", good), 204, "")
}

func TestTokenModeNeedsKeys(t *testing.T) {
	cfg := security.DefaultCSRFConfig()
	cfg.Mode = security.ModeToken
	if _, err := security.NewCSRF(cfg, nil); err == nil || !strings.Contains(err.Error(), "EGG_KEYS") {
		t.Errorf("NewCSRF in token mode without keys: %v, want an error naming EGG_KEYS", err)
	}
}

// The request-time API is safe to call in an app without the module.
func TestRequestAPIWithoutTheModule(t *testing.T) {
	app := eggtest.New(t, onerror.Module, routes)
	app.GET("/token").Do().Status(200).BodyEquals("")
	app.GET("/nonce").Do().Status(200).BodyEquals("")
	app.GET("/go?to=//evil.example").Do().Status(302).Header("Location", "//evil.example") // no guard without the module
}
