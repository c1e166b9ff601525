package jwt

import (
	"context"
	"net/http"

	"github.com/egg-go/egg"
)

// Middleware is the "jwt" middleware (egg-jwt's): it reads the request's
// token (Authorization: Bearer, else Config.Cookie, else Config.Query),
// verifies it and stores its claims for Claims and ClaimsFrom. A request
// without a token gets 401 credentials_required when
// Config.CredentialsRequired is true (the default) and passes through
// anonymously otherwise; a request with a bad token (malformed, another
// algorithm, bad signature, expired, not yet valid, wrong issuer or
// audience, revoked) gets 401 invalid_token either way. Every 401 carries
// WWW-Authenticate: Bearer (RFC 6750) and, under egg, is an *egg.Error
// rendered by onerror. A request whose claims an outer jwt middleware
// already stored is passed on without a second check.
//
// It costs no allocation beyond golang-jwt's parsing of the token.
func (v *Verifier) Middleware(next http.Handler) http.Handler { return v.guard(next, v.required) }

// Required returns the middleware with credentials required whatever
// Config.CredentialsRequired says, for routes that need a user:
//
//	egg.Routes(func(r *egg.Router, v *jwt.Verifier) {
//		r.With(v.Required()).Post("/api/posts", createPost)
//	})
func (v *Verifier) Required() func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return v.guard(next, true) }
}

// Optional returns the middleware with anonymous requests let through
// whatever Config.CredentialsRequired says; a token that is present must
// still be valid.
func (v *Verifier) Optional() func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return v.guard(next, false) }
}

func (v *Verifier) guard(next http.Handler, required bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := egg.CtxFrom(r)
		if c != nil {
			if _, done := c.Get(claimsKey{}); done {
				next.ServeHTTP(w, r)
				return
			}
		} else if r.Context().Value(claimsKey{}) != nil {
			next.ServeHTTP(w, r)
			return
		}
		raw, state := v.extract(r)
		switch state {
		case bearerNone:
			if required {
				reject(w, r, credentialsRequired(v.realm))
				return
			}
			next.ServeHTTP(w, r)
			return
		case bearerMalformed:
			reject(w, r, invalidToken(v.realm, msgBadHeader, ErrMalformedHeader))
			return
		}
		claims, e := v.verify(r.Context(), raw)
		if e != nil {
			reject(w, r, e)
			return
		}
		if c != nil {
			c.Set(claimsKey{}, claims)
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims)))
	})
}
