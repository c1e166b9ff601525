package securitytest_test

import (
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"github.com/egg-go/egg/modules/security/securitytest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

var routes = egg.Module("routes", egg.Routes(func(r *egg.Router) {
	r.Post("/things", func(c *egg.Ctx) error { return c.Text(201, "made") })
}))

func newApp(t *testing.T, opts ...fx.Option) *eggtest.App {
	return eggtest.New(t, append([]fx.Option{onerror.Module, security.Module, routes,
		egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"k1"} })}, opts...)...)
}

func TestSameOriginInOriginMode(t *testing.T) {
	app := newApp(t)
	app.POST("/things").Header("Origin", "https://elsewhere.example").Do().Status(403)
	securitytest.SameOrigin(app.POST("/things").Header("Origin", "https://elsewhere.example")).Do().Status(201)
	securitytest.CSRF(app, app.POST("/things").Header("Origin", "https://elsewhere.example")).Do().Status(201)
}

func TestCSRFInTokenMode(t *testing.T) {
	app := newApp(t, egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken }))
	app.POST("/things").Do().Status(403)
	securitytest.SameOrigin(app.POST("/things")).Do().Status(403) // same-origin is not enough in token mode
	securitytest.CSRF(app, app.POST("/things")).Do().Status(201).BodyEquals("made")
	cookie, header, token := securitytest.Token(app)
	if cookie == nil || cookie.Name != "csrfToken" || cookie.Value != token || header != "x-csrf-token" {
		t.Errorf("Token = %v, %q, %q", cookie, header, token)
	}
	app.POST("/things").Cookie(cookie).Header(header, token).Do().Status(201)
}

func TestTokenOutsideTokenMode(t *testing.T) {
	if c, h, tok := securitytest.Token(newApp(t)); c != nil || h != "" || tok != "" {
		t.Errorf("origin mode: Token = %v, %q, %q; want nothing", c, h, tok)
	}
}
