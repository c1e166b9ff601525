package security

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
)

// Middleware names this module registers and appends to
// egg.HTTPConfig.CoreMiddleware, in this order. Each honours
// HTTPConfig.MiddlewareOptions under its name (Disable, Match, Ignore).
const (
	// MiddlewareShield sets the security headers, answers TRACE and TRACK
	// with 405 and paths with a ".." segment with 400.
	MiddlewareShield = "security"
	// MiddlewareCSRF runs the CSRF check (see CSRFConfig.Mode).
	MiddlewareCSRF = "csrf"
)

// Module is module "security" (Egg's egg-security, on by default): CSRF
// protection (origin check by default, Egg's token on request), security
// headers, the safe redirect behind Ctx.Redirect (it provides the app's
// egg.RedirectGuard), and Egg's TRACE/TRACK and ".." guards.
// Config: Config, env prefix SECURITY_. Request-time API: CSRFToken,
// RotateCSRFToken, CSPNonce, UnsafeRedirect.
var Module = egg.Module("security",
	egg.Config(DefaultConfig()),
	egg.Configure(func(c *egg.HTTPConfig) {
		c.CoreMiddleware = append(c.CoreMiddleware, MiddlewareShield, MiddlewareCSRF)
	}),
	fx.Provide(newModuleCSRF, newRedirectGuard),
	egg.Scoped[*tokenState](newTokenState),
	egg.Middleware(MiddlewareShield, func(cfg Config) func(http.Handler) http.Handler { return newShield(cfg).middleware }),
	egg.Middleware(MiddlewareCSRF, newCSRFMiddleware),
	// Template helpers for modules/view: {{ csrfToken }} and {{ cspNonce }}.
	view.AddHelper(view.Func("csrfToken", CSRFToken)),
	view.AddHelper(view.Func("cspNonce", CSPNonce)),
)

// newModuleCSRF builds the app's *CSRF from its config and keys; other
// modules (jsonp) may inject it.
func newModuleCSRF(cfg Config, app egg.AppConfig) (*CSRF, error) {
	return NewCSRF(cfg.CSRF, app.Keys)
}

// newRedirectGuard provides the safe redirect as the app's
// egg.RedirectGuard.
func newRedirectGuard(cfg Config) egg.RedirectGuard {
	return redirectGuard{whiteList: cfg.DomainWhiteList}
}
