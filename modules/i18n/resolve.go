package i18n

import (
	"net/http"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/internal/cookieval"
)

// resolver picks a request's locale (Egg's koa-locales order): the query
// field, then the cookie, then Accept-Language, then the default.
type resolver struct {
	tr            *Translator
	query, cookie string
	domain        string
	maxAge        time.Duration
	writeCookie   bool
}

func newResolver(tr *Translator, cfg Config) *resolver {
	return &resolver{tr: tr, query: cfg.QueryField, cookie: cfg.CookieField, domain: cfg.CookieDomain,
		maxAge: cfg.CookieMaxAge, writeCookie: cfg.WriteCookie}
}

// resolve runs once per request, on the first use of its locale. A query
// value that names no locale of the app (or none close) is skipped, and
// so is such a cookie. A query choice is remembered in the cookie. When
// the locale is not chosen by query or cookie the response gets
// Vary: Accept-Language, so caches keep one copy per language.
func (rv *resolver) resolve(c *egg.Ctx) *locale {
	r := c.Request()
	if r.URL.RawQuery != "" {
		if l := rv.tr.lookup(c.Query(rv.query)); l != nil {
			if rv.writeCookie {
				rv.remember(c, l)
			}
			return l
		}
	}
	if l := rv.tr.lookup(cookieval.Value(r.Header, rv.cookie)); l != nil {
		return l
	}
	// Header keys are canonical here (net/http's for the request, Set's
	// and Add's for the response): no need to canonicalize again.
	h := c.Response().Header()
	if v := h["Vary"]; len(v) > 0 {
		h["Vary"] = append(v, "Accept-Language")
	} else {
		h["Vary"] = varyAcceptLanguage
	}
	var accept string
	if v := r.Header["Accept-Language"]; len(v) > 0 {
		accept = v[0]
	}
	return rv.tr.matchAccept(accept)
}

// varyAcceptLanguage is the Vary header's value when it has no other:
// shared, never changed (an Add appends to a copy, its capacity being 1).
var varyAcceptLanguage = []string{"Accept-Language"}[:1:1]

// remember sets the locale cookie unless it already holds l. Like Egg's,
// the cookie is readable by scripts (not HttpOnly): it holds nothing
// secret, and front-end code may want the locale. It is sent only while
// the response headers are unsent; later it is silently dropped, which is
// why the "i18n" middleware resolves a request with the query field
// before the handler runs.
func (rv *resolver) remember(c *egg.Ctx, l *locale) {
	if c.Cookie(rv.cookie) == l.name {
		return
	}
	ck := &http.Cookie{Name: rv.cookie, Value: l.name, Path: "/", Domain: rv.domain, SameSite: http.SameSiteLaxMode}
	if rv.maxAge > 0 {
		ck.MaxAge = max(1, int(rv.maxAge/time.Second))
		ck.Expires = time.Now().Add(rv.maxAge).UTC()
	}
	c.SetCookie(ck)
}
