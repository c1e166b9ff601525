package i18n_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestLocalePrecedence: query beats cookie beats Accept-Language beats the
// default; each source accepts Egg's underscore spelling and close
// locales; whatever a client sends, the answer is 200 with one of the
// app's locales.
func TestLocalePrecedence(t *testing.T) {
	a := newApp(t)
	for _, tc := range []struct {
		name, query, cookie, accept, want string
	}{
		{name: "nothing: default", want: "en-US"},
		{name: "accept exact", accept: "zh-CN", want: "zh-CN"},
		{name: "accept language only", accept: "zh", want: "zh-CN"},
		{name: "accept other region", accept: "en-GB", want: "en-US"},
		{name: "accept ja from yaml", accept: "ja-JP", want: "ja"},
		{name: "accept quality values", accept: "en;q=0.5, zh-CN;q=0.9", want: "zh-CN"},
		{name: "accept quality order", accept: "fr-FR, ja;q=0.8, zh-CN;q=0.3", want: "ja"},
		{name: "accept browser style", accept: "zh-CN,zh;q=0.9,en;q=0.8", want: "zh-CN"},
		{name: "accept unsupported", accept: "fr-FR, de;q=0.9", want: "en-US"},
		{name: "accept garbage", accept: "!!!@@@;;q=x", want: "en-US"},
		{name: "accept star", accept: "*", want: "en-US"},
		{name: "accept underscore", accept: "zh_CN", want: "zh-CN"},
		{name: "accept oversized", accept: "zh-CN," + strings.Repeat("x-abc;q=0.1,", 200), want: "en-US"},
		{name: "cookie beats accept", cookie: "zh-CN", accept: "en-US", want: "zh-CN"},
		{name: "cookie underscore lower case", cookie: "zh_cn", want: "zh-CN"},
		{name: "cookie unknown falls to accept", cookie: "fr", accept: "ja", want: "ja"},
		{name: "cookie garbage falls to default", cookie: "%%%", want: "en-US"},
		{name: "query beats cookie", query: "en-US", cookie: "zh-CN", accept: "ja", want: "en-US"},
		{name: "query beats accept", query: "ja", accept: "zh-CN", want: "ja"},
		{name: "query underscore", query: "zh_CN", want: "zh-CN"},
		{name: "query Egg lower case", query: "zh-cn", want: "zh-CN"},
		{name: "query language only", query: "zh", want: "zh-CN"},
		{name: "query other region", query: "en-GB", want: "en-US"},
		{name: "cookie other script", cookie: "zh-Hant-TW", want: "zh-CN"},
		{name: "query unknown falls to cookie", query: "fr", cookie: "ja", want: "ja"},
		{name: "query garbage falls to accept", query: "<script>", accept: "zh", want: "zh-CN"},
		{name: "query too long falls to default", query: strings.Repeat("a", 100), want: "en-US"},
		{name: "query empty", query: "", accept: "ja", want: "ja"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := a.GET("/locale")
			if tc.query != "" {
				req.Query("locale", tc.query)
			}
			if tc.cookie != "" {
				req.Cookie(&http.Cookie{Name: "locale", Value: tc.cookie})
			}
			if tc.accept != "" {
				req.Header("Accept-Language", tc.accept)
			}
			req.Do().Status(http.StatusOK).BodyEquals(tc.want)
		})
	}
}

// TestQuerySetsCookie: a query choice is remembered for a year (Egg),
// under the canonical name, and only when the cookie does not hold it
// already; other sources never set it.
func TestQuerySetsCookie(t *testing.T) {
	a := newApp(t)
	res := a.GET("/locale").Query("locale", "zh_CN").Do().Status(http.StatusOK).BodyEquals("zh-CN")
	ck := setCookie(res, "locale")
	if ck == nil {
		t.Fatalf("no locale cookie; Set-Cookie: %q", res.Result().Header.Values("Set-Cookie"))
	}
	if ck.Value != "zh-CN" || ck.MaxAge != 365*24*3600 || ck.Path != "/" || ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie = %+v; want zh-CN, Max-Age one year (31536000), Path /, readable by scripts, SameSite Lax", ck)
	}
	if ck.Expires.IsZero() {
		t.Errorf("cookie has no Expires (for clients that ignore Max-Age)")
	}

	// the cookie already says so: nothing to set
	res = a.GET("/locale").Query("locale", "zh-CN").Cookie(&http.Cookie{Name: "locale", Value: "zh-CN"}).Do().BodyEquals("zh-CN")
	if ck := setCookie(res, "locale"); ck != nil {
		t.Errorf("cookie set again: %+v", ck)
	}
	// a change of mind replaces it
	res = a.GET("/locale").Query("locale", "ja").Cookie(&http.Cookie{Name: "locale", Value: "zh-CN"}).Do().BodyEquals("ja")
	if ck := setCookie(res, "locale"); ck == nil || ck.Value != "ja" {
		t.Errorf("cookie = %+v, want ja", ck)
	}
	// cookie, Accept-Language, an unknown query: no cookie
	for _, req := range []*struct{ q, c, h string }{{"", "ja", ""}, {"", "", "zh"}, {"fr", "", ""}} {
		r := a.GET("/locale")
		if req.q != "" {
			r.Query("locale", req.q)
		}
		if req.c != "" {
			r.Cookie(&http.Cookie{Name: "locale", Value: req.c})
		}
		if req.h != "" {
			r.Header("Accept-Language", req.h)
		}
		if ck := setCookie(r.Do(), "locale"); ck != nil {
			t.Errorf("%+v: cookie set: %+v", req, ck)
		}
	}
}

// TestQueryCookieWithoutTranslation: the middleware sets the cookie even
// when the handler never translates, or translates only after writing.
func TestQueryCookieWithoutTranslation(t *testing.T) {
	a := newApp(t)
	for _, path := range []string{"/plain", "/late"} {
		res := a.GET(path).Query("locale", "ja").Do().Status(http.StatusOK)
		if ck := setCookie(res, "locale"); ck == nil || ck.Value != "ja" {
			t.Errorf("GET %s?locale=ja: cookie %+v, want ja", path, ck)
		}
	}
	a.GET("/late").Query("locale", "ja").Do().BodyEquals("late ja")
	// a query without the field: the middleware leaves the request alone
	res := a.GET("/plain").Query("x", "1").Do()
	if v := res.Result().Header.Get("Vary"); v != "" {
		t.Errorf("an untouched request got Vary %q", v)
	}
}
