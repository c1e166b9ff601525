package security

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/egg-go/egg"
)

// Error codes of the 403 answers, in the JSON error body's "code".
const (
	// CodeCrossOrigin: a browser sent an unsafe request from another
	// origin (origin mode).
	CodeCrossOrigin = "cross_origin_request"
	// CodeMissingToken: token mode, and the request has no csrfToken
	// cookie or does not echo it.
	CodeMissingToken = "missing_csrf_token"
	// CodeInvalidToken: token mode, and the cookie is not this app's or
	// the echoed token does not match it.
	CodeInvalidToken = "invalid_csrf_token"
)

// CSRF is an app's cross-site request forgery protection, built from
// CSRFConfig: in origin mode Go's http.CrossOriginProtection, in token
// mode Egg's signed double-submit token. Module builds one and runs it as
// middleware "csrf"; Check and Verify need no egg app.
type CSRF struct {
	cfg     CSRFConfig
	cop     *http.CrossOriginProtection
	codec   tokenCodec
	methods []string

	msgCrossOrigin, msgMissing, msgNoCookie, msgInvalid string
}

// NewCSRF builds the protection for cfg. keys are the app keys
// (AppConfig.Keys) that sign tokens; token mode needs at least one.
func NewCSRF(cfg CSRFConfig, keys []string) (*CSRF, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("security: %w", err)
	}
	g := &CSRF{cfg: cfg}
	switch cfg.Mode {
	case ModeOrigin:
		g.cop = http.NewCrossOriginProtection()
		for _, o := range cfg.TrustedOrigins {
			_ = g.cop.AddTrustedOrigin(o) // validated above
		}
		for _, p := range cfg.InsecureBypassPatterns {
			g.cop.AddInsecureBypassPattern(p) // validated above: cannot panic
		}
	case ModeToken:
		if len(keys) == 0 {
			return nil, errors.New(`security: CSRF.Mode is "token", which signs tokens with the app keys, but AppConfig.Keys is empty: ` +
				`set EGG_KEYS (comma-separated secrets) or egg.Configure(func(c *egg.AppConfig) { c.Keys = ... })`)
		}
		for _, k := range keys {
			g.codec.keys = append(g.codec.keys, []byte(k))
		}
		for _, m := range cfg.Methods {
			g.methods = append(g.methods, strings.ToUpper(m))
		}
	}
	g.msgCrossOrigin = "cross-origin request refused (CSRF protection): a browser sent it from another site; " +
		"if that site is yours, add its origin to the security module's CSRF.TrustedOrigins"
	g.msgMissing = fmt.Sprintf("missing csrf token: send the %s cookie's value in the %s header, the %s query parameter or the %s form field",
		cfg.CookieName, cfg.HeaderName, cfg.QueryName, cfg.BodyName)
	g.msgNoCookie = fmt.Sprintf("missing csrf token: the request has no %s cookie; load a page of the app first (any GET sets it)", cfg.CookieName)
	g.msgInvalid = fmt.Sprintf("invalid csrf token: it does not match the %s cookie of this app; reload the page for a fresh one", cfg.CookieName)
	return g, nil
}

// NewToken returns a fresh token-mode secret, signed with the first app
// key: what middleware "csrf" puts in the csrfToken cookie, and what a
// request echoes. Tests and clients that set the cookie themselves use it.
// It is "" outside token mode.
func (g *CSRF) NewToken() string {
	if g.cfg.Mode != ModeToken {
		return ""
	}
	return g.codec.newSecret()
}

// Mode returns the mode: ModeOrigin, ModeToken or ModeOff.
func (g *CSRF) Mode() string { return g.cfg.Mode }

// Check checks r as the "csrf" middleware does: in origin mode an unsafe
// method (not GET, HEAD or OPTIONS) from a browser must be same-origin or
// from a trusted origin; in token mode the methods in CSRFConfig.Methods
// must echo the csrfToken cookie. It returns nil or a 403 *egg.Error with
// CodeCrossOrigin, CodeMissingToken or CodeInvalidToken. A form body read
// to find the token is put back, so the handler can still read it.
func (g *CSRF) Check(r *http.Request) error {
	switch g.cfg.Mode {
	case ModeOrigin:
		if err := g.cop.Check(r); err != nil {
			return g.forbidden(CodeCrossOrigin, g.msgCrossOrigin, err)
		}
	case ModeToken:
		if g.needsToken(r.Method) {
			return g.checkToken(r)
		}
	}
	return nil
}

// Verify checks r as Check checks an unsafe request, whatever its method:
// for reads that must not leak to other sites, such as JSONP.
func (g *CSRF) Verify(r *http.Request) error {
	switch g.cfg.Mode {
	case ModeOrigin:
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			unsafe := *r
			unsafe.Method = http.MethodPost
			r = &unsafe
		}
		if err := g.cop.Check(r); err != nil {
			return g.forbidden(CodeCrossOrigin, g.msgCrossOrigin, err)
		}
	case ModeToken:
		return g.checkToken(r)
	}
	return nil
}

func (g *CSRF) needsToken(method string) bool {
	for _, m := range g.methods {
		if m == method {
			return true
		}
	}
	return false
}

// checkToken verifies the cookie's signature and that the request echoes
// it in the header, the query or the form body, in that order.
func (g *CSRF) checkToken(r *http.Request) error {
	ck, err := r.Cookie(g.cfg.CookieName)
	if err != nil || ck.Value == "" {
		return g.forbidden(CodeMissingToken, g.msgNoCookie, nil)
	}
	raw := g.codec.decodeSecret(ck.Value)
	if raw == nil {
		return g.forbidden(CodeInvalidToken, g.msgInvalid, errors.New("the cookie is malformed or signed with a key not in AppConfig.Keys"))
	}
	tok := r.Header.Get(g.cfg.HeaderName)
	if tok == "" {
		tok = r.URL.Query().Get(g.cfg.QueryName)
	}
	if tok == "" {
		if tok, err = g.formToken(r); err != nil {
			return err
		}
	}
	if tok == "" {
		return g.forbidden(CodeMissingToken, g.msgMissing, nil)
	}
	if err := matches(tok, raw); err != nil {
		return g.forbidden(CodeInvalidToken, g.msgInvalid, err)
	}
	return nil
}

func (g *CSRF) forbidden(code, msg string, cause error) *egg.Error {
	e := egg.NewError(http.StatusForbidden, code, msg)
	e.Err = cause
	return e
}

// newCSRFMiddleware is middleware "csrf": Check for every request and, in
// token mode, the csrfToken cookie for a client that has none (also on a
// refused request, so the client can try again, as in Egg).
func newCSRFMiddleware(g *CSRF, state *egg.Service[*tokenState]) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		switch g.cfg.Mode {
		case ModeOff:
			return next
		case ModeOrigin:
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := g.cop.Check(r); err != nil {
					fail(w, r, g.forbidden(CodeCrossOrigin, g.msgCrossOrigin, err))
					return
				}
				next.ServeHTTP(w, r)
			})
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c := egg.CtxFrom(r); c != nil {
				state.Get(c).ensure() // as Egg: any client without a valid cookie gets one, a refused one too
			}
			if g.needsToken(r.Method) {
				if err := g.checkToken(r); err != nil {
					fail(w, r, err)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// fail renders err through egg's error path (onerror, when present).
func fail(w http.ResponseWriter, r *http.Request, err error) {
	if egg.CtxFrom(r) == nil {
		http.Error(w, err.Error(), egg.StatusOf(err))
		return
	}
	egg.HandlerFunc(func(*egg.Ctx) error { return err }).ServeHTTP(w, r)
}

// tokenState is a request's token-mode secret (a request-scoped service).
type tokenState struct {
	g     *CSRF
	c     *egg.Ctx
	value string // the verified or freshly set cookie value
}

func newTokenState(g *CSRF) func(*egg.Ctx) *tokenState {
	return func(c *egg.Ctx) *tokenState { return &tokenState{g: g, c: c} }
}

// ensure returns the request's cookie value, setting a new cookie when the
// client has none or one this app did not sign.
func (s *tokenState) ensure() string {
	if s.value != "" {
		return s.value
	}
	if ck, err := s.c.Request().Cookie(s.g.cfg.CookieName); err == nil && s.g.codec.decodeSecret(ck.Value) != nil {
		s.value = ck.Value
		return s.value
	}
	return s.rotate()
}

// rotate sets a new secret in the cookie.
func (s *tokenState) rotate() string {
	s.value = s.g.codec.newSecret()
	if s.c.Written() {
		s.c.Logger().Warn("security: the csrf token changed after the response headers were sent, so its cookie could not be set; " +
			"call security.CSRFToken or RotateCSRFToken before writing the response")
		return s.value
	}
	// JavaScript reads the cookie to echo it (HttpOnly false, as Egg's);
	// SameSite=Lax keeps it off cross-site subrequests.
	http.SetCookie(s.c.Response(), &http.Cookie{Name: s.g.cfg.CookieName, Value: s.value, Path: "/",
		Domain: s.g.cfg.CookieDomain, SameSite: http.SameSiteLaxMode, Secure: s.c.Secure()})
	return s.value
}

// CSRFToken returns a CSRF token for the request, for templates (a hidden
// _csrf form field) and scripts (the x-csrf-token header), in token mode;
// "" in origin mode, where pages need none. Each call returns a different
// masked form of the same secret; all of them pass. If the client has no
// valid csrfToken cookie yet, one is set: call it before the response is
// written.
func CSRFToken(c *egg.Ctx) string {
	if s := tokenStateOf(c); s != nil {
		return mask(s.ensure())
	}
	return ""
}

// RotateCSRFToken gives the client a new secret (Egg's
// ctx.rotateCsrfSecret), e.g. after login, so that a token planted before
// cannot be used; it returns a token for it. Once the client holds the new
// cookie, tokens of the old secret no longer match it. Outside token mode
// it does nothing and returns "".
func RotateCSRFToken(c *egg.Ctx) string {
	if s := tokenStateOf(c); s != nil {
		return mask(s.rotate())
	}
	return ""
}

// tokenStateOf returns the request's token state, or nil when the app
// lacks the security module or is not in token mode.
func tokenStateOf(c *egg.Ctx) *tokenState {
	cfg := egg.ConfigOf[Config](c.App().Configs())
	if cfg == nil || cfg.CSRF.Mode != ModeToken {
		return nil
	}
	return egg.Use[*tokenState](c)
}
