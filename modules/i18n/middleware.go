package i18n

import (
	"net/http"
	"strings"

	"github.com/egg-go/egg"
)

// newMiddleware returns the "i18n" middleware. It exists for one case: a
// request whose query names a locale must get the locale cookie even if
// its handler writes the response before translating anything (or never
// does), and a cookie can only be set before the headers go out. So when
// the raw query mentions the query field it resolves the request's locale
// now, which sets the cookie; any other request passes through untouched
// (one substring check on the raw query). With WriteCookie off it is not
// in the chain at all.
func newMiddleware(cfg Config, svc *egg.Service[*locale]) func(http.Handler) http.Handler {
	field := cfg.QueryField
	return func(next http.Handler) http.Handler {
		if !cfg.WriteCookie {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if q := r.URL.RawQuery; q != "" && strings.Contains(q, field) {
				if c := egg.CtxFrom(r); c != nil {
					svc.Get(c)
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}
