package i18n_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/i18n"
	"go.uber.org/fx"
)

// testBaseDir holds config/locales with en-US.json, zh-CN.toml and
// ja.yaml.
const testBaseDir = "testdata/app"

// routes are the handlers the tests call.
var routes = egg.Routes(func(r *egg.Router) {
	// GET /locale answers the request's locale
	r.Get("/locale", func(c *egg.Ctx) error { return c.Text(http.StatusOK, i18n.Locale(c)) })
	// GET /t?id=...&name=... answers T(id, "Name", name)
	r.Get("/t", func(c *egg.Ctx) error {
		return c.Text(http.StatusOK, i18n.T(c, c.Query("id"), "Name", c.Query("name")))
	})
	// GET /plural?id=...&n=... answers Plural(id, n, "Name", name)
	r.Get("/plural", func(c *egg.Ctx) error {
		return c.Text(http.StatusOK, i18n.Plural(c, c.Query("id"), c.Query("n"), "Name", c.Query("name")))
	})
	// GET /gettext?text=...&arg=... answers Gettext(text, arg), or
	// Gettext(text) without arg
	r.Get("/gettext", func(c *egg.Ctx) error {
		var args []any
		for _, v := range c.Queries("arg") {
			args = append(args, v)
		}
		return c.Text(http.StatusOK, i18n.Gettext(c, c.Query("text"), args...))
	})
	// GET /vary sets Vary: Origin, then answers the request's locale
	r.Get("/vary", func(c *egg.Ctx) error {
		c.Response().Header().Set("Vary", "Origin")
		return c.Text(http.StatusOK, i18n.Locale(c))
	})
	// GET /plain never translates
	r.Get("/plain", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "plain") })
	// GET /late writes the body, then asks for the locale
	r.Get("/late", func(c *egg.Ctx) error {
		if err := c.Text(http.StatusOK, "late "); err != nil {
			return err
		}
		_, err := c.Response().Write([]byte(i18n.Locale(c)))
		return err
	})
})

// newApp starts an app with the i18n module on testdata/app and routes.
func newApp(t testing.TB, opts ...fx.Option) *eggtest.App {
	t.Helper()
	return eggtest.New(t, append([]fx.Option{i18n.Module, egg.BaseDir(testBaseDir), routes}, opts...)...)
}

// countLines counts the app's log lines that contain every sub.
func countLines(a *eggtest.App, subs ...string) int {
	n := 0
next:
	for _, l := range a.Logs() {
		for _, s := range subs {
			if !strings.Contains(l, s) {
				continue next
			}
		}
		n++
	}
	return n
}

// setCookie returns the response's Set-Cookie for name, or nil.
func setCookie(res *eggtest.Response, name string) *http.Cookie {
	for _, c := range res.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
