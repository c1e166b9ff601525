package i18n_test

import (
	"net/http"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
)

// TestMissingLoggedOnce: a missing message shows its id and is logged
// once per locale and id however often it is asked for: at warn in the
// local env, at debug elsewhere.
func TestMissingLoggedOnce(t *testing.T) {
	for _, tc := range []struct{ env, level string }{{"local", "level=WARN"}, {"unittest", "level=DEBUG"}, {"prod", "level=DEBUG"}} {
		t.Run(tc.env, func(t *testing.T) {
			a := newApp(t, egg.Env(tc.env))
			for range 3 {
				a.GET("/t").Query("locale", "zh-CN").Query("id", "no.such.id").Do().BodyEquals("no.such.id")
				a.GET("/t").Query("locale", "zh-CN").Query("id", "only_en").Do().BodyEquals("Only in English")
				a.GET("/gettext").Query("locale", "zh-CN").Query("text", "Bye").Do().BodyEquals("Bye")
			}
			if n := countLines(a, tc.level, "message missing; its id is shown", "locale=zh-CN", "id=no.such.id"); n != 1 {
				t.Errorf("missing id logged %d times, want once at %s:\n%q", n, tc.level, a.Logs())
			}
			if n := countLines(a, tc.level, "missing in this locale", "locale=zh-CN", "id=only_en", "shown=en-US"); n != 1 {
				t.Errorf("fallback logged %d times, want once:\n%q", n, a.Logs())
			}
			if n := countLines(a, tc.level, "message missing", "id=Bye"); n != 1 {
				t.Errorf("Gettext's missing text logged %d times, want once:\n%q", n, a.Logs())
			}
			// another locale missing the same id is its own line
			a.GET("/t").Query("locale", "ja").Query("id", "no.such.id").Do().BodyEquals("no.such.id")
			if n := countLines(a, "message missing", "id=no.such.id"); n != 2 {
				t.Errorf("want one line per locale, got %d", n)
			}
		})
	}
}

// TestBareDefaultLocale: with no file for the default locale, ids are its
// messages (Egg's English-ids habit) and are not reported; other locales'
// gaps still are.
func TestBareDefaultLocale(t *testing.T) {
	fsys := fstest.MapFS{"zh-CN.json": {Data: []byte(`{"Hello %s": "你好，%s"}`)}}
	a := newApp(t, i18n.WithFS(fsys), egg.Env("local"))
	a.GET("/gettext").Query("text", "Hello %s").Query("arg", "Ann").Do().Status(http.StatusOK).BodyEquals("Hello Ann")
	a.GET("/gettext").Query("text", "Bye").Do().BodyEquals("Bye")
	a.GET("/gettext").Query("locale", "zh-CN").Query("text", "Hello %s").Query("arg", "安").Do().BodyEquals("你好，安")
	a.GET("/gettext").Query("locale", "zh-CN").Query("text", "Bye").Do().BodyEquals("Bye")
	if n := countLines(a, "message missing", "locale=en-US"); n != 0 {
		t.Errorf("the bare default locale reported %d missing messages:\n%q", n, a.Logs())
	}
	if n := countLines(a, "level=WARN", "message missing", "locale=zh-CN", "id=Bye"); n != 1 {
		t.Errorf("zh-CN's gap logged %d times, want once:\n%q", n, a.Logs())
	}
}

// TestVaryAcceptLanguage: a locale from Accept-Language (or the default)
// makes the response vary by that header; a query or cookie choice does
// not.
func TestVaryAcceptLanguage(t *testing.T) {
	a := newApp(t)
	a.GET("/locale").Header("Accept-Language", "zh").Do().Header("Vary", "Accept-Language")
	a.GET("/locale").Do().Header("Vary", "Accept-Language")
	a.GET("/locale").Query("locale", "ja").Do().NoHeader("Vary")
	a.GET("/locale").Cookie(&http.Cookie{Name: "locale", Value: "ja"}).Do().NoHeader("Vary")
	a.GET("/plain").Header("Accept-Language", "zh").Do().NoHeader("Vary")
	// a Vary the handler set keeps its value; Accept-Language joins it
	res := a.GET("/vary").Header("Accept-Language", "ja").Do().BodyEquals("ja")
	if got := res.Result().Header.Values("Vary"); !slices.Equal(got, []string{"Origin", "Accept-Language"}) {
		t.Errorf("Vary = %q, want Origin and Accept-Language", got)
	}
	// the response's header values are its own: a second response adding
	// to Vary does not change the first's
	first := a.GET("/locale").Do()
	a.GET("/vary").Do()
	if got := first.Result().Header.Values("Vary"); !slices.Equal(got, []string{"Accept-Language"}) {
		t.Errorf("first response's Vary = %q", got)
	}
}

// TestLocaleCookieForms: the locale cookie is found among others, in any
// of several Cookie headers, quoted or not; a cookie whose name only
// starts with the field's does not count.
func TestLocaleCookieForms(t *testing.T) {
	a := newApp(t)
	for _, tc := range []struct {
		cookies []string
		want    string
	}{
		{[]string{"a=1; locale=ja; b=2"}, "ja"},
		{[]string{"a=1", "locale=zh_CN"}, "zh-CN"},
		{[]string{`locale="ja"`}, "ja"},
		{[]string{"  locale=ja  ;x=y"}, "ja"},
		{[]string{"locales=ja; xlocale=zh-CN"}, "en-US"},
		{[]string{"locale=; locale=ja"}, "en-US"},
		{[]string{"locale=ja; locale=zh-CN"}, "ja"},
		{[]string{";;; =; locale"}, "en-US"},
	} {
		req := a.GET("/locale")
		for _, c := range tc.cookies {
			req.Header("Cookie", c)
		}
		req.Do().Status(http.StatusOK).BodyEquals(tc.want)
	}
}
