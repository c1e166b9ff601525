package i18n_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/i18n"
)

// TestConfigFromEnv: every I18N_ variable reaches the request path.
func TestConfigFromEnv(t *testing.T) {
	t.Setenv("I18N_DEFAULT_LOCALE", "zh_CN")
	t.Setenv("I18N_QUERY_FIELD", "lang")
	t.Setenv("I18N_COOKIE_FIELD", "lang_c")
	t.Setenv("I18N_COOKIE_MAX_AGE", "720h")
	t.Setenv("I18N_COOKIE_DOMAIN", "example.com")
	a := newApp(t)
	a.GET("/locale").Do().Status(http.StatusOK).BodyEquals("zh-CN")
	a.GET("/locale").Header("Accept-Language", "fr").Do().BodyEquals("zh-CN")
	a.GET("/locale").Query("locale", "ja").Do().BodyEquals("zh-CN") // not the query field any more
	a.GET("/locale").Cookie(&http.Cookie{Name: "lang_c", Value: "ja"}).Do().BodyEquals("ja")
	res := a.GET("/locale").Query("lang", "en_US").Do().BodyEquals("en-US")
	ck := setCookie(res, "lang_c")
	if ck == nil || ck.Value != "en-US" || ck.MaxAge != 720*3600 || ck.Domain != "example.com" {
		t.Errorf("cookie = %+v; want lang_c=en-US, Max-Age 2592000, Domain example.com", ck)
	}
}

// TestWriteCookieOff: with I18N_WRITE_COOKIE=false a query choice counts
// for its request only, and the middleware is a no-op.
func TestWriteCookieOff(t *testing.T) {
	t.Setenv("I18N_WRITE_COOKIE", "false")
	a := newApp(t)
	for _, p := range []string{"/locale", "/plain"} {
		res := a.GET(p).Query("locale", "ja").Do().Status(http.StatusOK)
		if ck := setCookie(res, "locale"); ck != nil {
			t.Errorf("GET %s: cookie set with WriteCookie off: %+v", p, ck)
		}
	}
	a.GET("/locale").Query("locale", "ja").Do().BodyEquals("ja")
}

// TestSessionCookie: CookieMaxAge 0 makes the locale cookie a session
// cookie.
func TestSessionCookie(t *testing.T) {
	a := newApp(t, egg.Configure(func(c *i18n.Config) { c.CookieMaxAge = 0 }))
	res := a.GET("/locale").Query("locale", "ja").Do()
	ck := setCookie(res, "locale")
	if ck == nil || ck.MaxAge != 0 || !ck.Expires.IsZero() {
		t.Errorf("cookie = %+v; want no Max-Age and no Expires", ck)
	}
}

// TestBadConfigFailsStart: each invalid field stops start-up naming it.
func TestBadConfigFailsStart(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*i18n.Config)
		want string
	}{
		{"default locale", func(c *i18n.Config) { c.DefaultLocale = "not a locale" }, "DefaultLocale"},
		{"empty default locale", func(c *i18n.Config) { c.DefaultLocale = "" }, "DefaultLocale"},
		{"empty dir", func(c *i18n.Config) { c.Dir = "" }, "Dir"},
		{"empty query field", func(c *i18n.Config) { c.QueryField = "" }, "QueryField"},
		{"cookie field", func(c *i18n.Config) { c.CookieField = "a b" }, "CookieField"},
		{"cookie max age", func(c *i18n.Config) { c.CookieMaxAge = -1 }, "CookieMaxAge"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, i18n.Module, egg.BaseDir(testBaseDir), egg.Configure(tc.set))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `"i18n"`) {
				t.Errorf("err = %v; want one naming module i18n and %s", err, tc.want)
			}
		})
	}
	// an empty Dir is fine when FS is set
	eggtest.New(t, i18n.Module, egg.Configure(func(c *i18n.Config) { c.Dir = "" }), i18n.WithFS(fstest.MapFS{}))
}

// TestMiddlewareOrder: "i18n" follows the core middleware of modules
// loaded before it, once, and honours Egg's options by name.
func TestMiddlewareOrder(t *testing.T) {
	before := egg.Module("security", egg.Configure(func(c *egg.HTTPConfig) {
		c.CoreMiddleware = append(c.CoreMiddleware, "security")
	}), egg.Middleware("security", func(next http.Handler) http.Handler { return next }))
	// i18n declared first still runs after security (egg.Optional)
	a := eggtest.New(t, i18n.Module, before, egg.BaseDir(testBaseDir), routes)
	mw := a.Middleware()
	i, j := -1, -1
	for k, name := range mw {
		switch name {
		case "security":
			i = k
		case i18n.Name:
			j = k
		}
	}
	if i < 0 || j < 0 || j < i {
		t.Errorf("middleware %v: want i18n after security", mw)
	}

	off := newApp(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{i18n.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/plain")}}}
	}))
	if ck := setCookie(off.GET("/plain").Query("locale", "ja").Do(), "locale"); ck != nil {
		t.Errorf("the ignored middleware set the cookie: %+v", ck)
	}
	if ck := setCookie(off.GET("/late").Query("locale", "ja").Do(), "locale"); ck == nil {
		t.Errorf("the middleware did not run where it is not ignored")
	}
}
