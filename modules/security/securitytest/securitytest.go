// Package securitytest helps tests of apps that use the security module
// get past its CSRF protection, as egg-mock's app.mockCsrf() does:
//
//	app := eggtest.New(t, modules.Default(), app.Module)
//	securitytest.CSRF(app, app.POST("/api/users")).JSON(user).Do().Status(201)
//
// To test the protection itself, send requests without it.
package securitytest

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/security"
)

// SameOrigin marks req as a browser's same-origin request
// (Sec-Fetch-Site: same-origin), which the default origin-mode check lets
// through. It returns req, to chain.
func SameOrigin(req *eggtest.Request) *eggtest.Request {
	return req.Header("Sec-Fetch-Site", "same-origin")
}

// CSRF gives req what app's CSRF protection asks for, in whichever mode
// it runs: it marks req same-origin and, in token mode, adds a valid
// csrfToken cookie (signed with the app's keys) and echoes it in the token
// header. It fails the test when app has no security module. It returns
// req, to chain.
func CSRF(app *eggtest.App, req *eggtest.Request) *eggtest.Request {
	app.T().Helper()
	cookie, header, token := Token(app)
	SameOrigin(req)
	if token != "" {
		req.Cookie(cookie).Header(header, token)
	}
	return req
}

// Token returns, for app in token mode, a fresh csrfToken cookie, the
// name of the header that echoes it and the token to put there; in any
// other mode nil, "", "". It fails the test when app has no security
// module.
func Token(app *eggtest.App) (cookie *http.Cookie, header, token string) {
	t := app.T()
	t.Helper()
	cfg := egg.ConfigOf[security.Config](app.Configs())
	if cfg == nil {
		t.Fatalf("securitytest: the app has no security module; add security.Module (part of modules.Default())")
		return nil, "", ""
	}
	if cfg.CSRF.Mode != security.ModeToken {
		return nil, "", ""
	}
	g, err := security.NewCSRF(cfg.CSRF, egg.ConfigOf[egg.AppConfig](app.Configs()).Keys)
	if err != nil {
		t.Fatalf("securitytest: %v", err)
		return nil, "", ""
	}
	token = g.NewToken()
	return &http.Cookie{Name: cfg.CSRF.CookieName, Value: token}, cfg.CSRF.HeaderName, token
}
