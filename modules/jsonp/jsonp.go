package jsonp

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/security"
)

// Verifier runs a CSRF check on a request whatever its method;
// *security.CSRF is one (its Verify).
type Verifier interface {
	Verify(r *http.Request) error
}

// JSONP makes route middleware that answers JSONP (Egg's app.jsonp()).
// Module provides one, built from the app's Config and the security
// module's CSRF check.
type JSONP struct {
	cfg  Config
	csrf Verifier
}

// New returns a JSONP for cfg. csrf is the CSRF check used when cfg.CSRF
// is on (the security module's *security.CSRF); New fails if it is
// needed and nil.
func New(cfg Config, csrf Verifier) (*JSONP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("jsonp: %w", err)
	}
	if cfg.CSRF && csrf == nil {
		return nil, errors.New("jsonp: Config.CSRF is on, and it needs the security module's CSRF check, but the app has no security module: " +
			"add security.Module (part of modules.Default()), or set JSONP_CSRF=false and list the sites that may load JSONP in JSONP_WHITELIST")
	}
	return &JSONP{cfg: cfg, csrf: csrf}, nil
}

// Middleware returns the route middleware: when the request names a
// callback (?_callback=fn or ?callback=fn), the handler's JSON response
// is sent as Egg's JSONP, `/**/ typeof fn === 'function' && fn(...);`
// with Content-Type application/javascript; without one the route answers
// plain JSON as before. The handler does not change:
//
//	egg.Routes(func(r *egg.Router, j *jsonp.JSONP, users *Users) {
//		r.With(j.Middleware()).Get("/api/users", users.List)
//	})
//
// A callback name that is not 1-Limit characters of letters, digits, _ .
// [ ] gets 400 ("invalid_jsonp_callback"). A JSONP request that passes
// neither the CSRF check (when Config.CSRF) nor the Referer WhiteList
// (when set) gets 403 ("jsonp_forbidden"); with neither guard configured
// every site may read the answers. opts change the module's Config for
// this route only (Egg's app.jsonp(options)).
func (j *JSONP) Middleware(opts ...func(*Config)) func(http.Handler) http.Handler {
	cfg := j.cfg
	cfg.Callbacks = append([]string(nil), cfg.Callbacks...)
	cfg.WhiteList = append([]string(nil), cfg.WhiteList...)
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Limit <= 0 {
		cfg.Limit = DefaultLimit
	}
	if len(cfg.Callbacks) == 0 {
		cfg.Callbacks = DefaultConfig().Callbacks
	}
	csrf := j.csrf
	if !cfg.CSRF {
		csrf = nil
	}
	badName := fmt.Sprintf("the JSONP callback name must be 1-%d characters of letters, digits, _ . [ ]", cfg.Limit)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name := ""
			for _, k := range cfg.Callbacks {
				if name = queryValue(r.URL.RawQuery, k); name != "" {
					break
				}
			}
			if name == "" {
				next.ServeHTTP(w, r)
				return
			}
			if !ValidCallback(name, cfg.Limit) {
				fail(w, r, egg.NewError(http.StatusBadRequest, "invalid_jsonp_callback", badName))
				return
			}
			if err := guard(r, cfg.WhiteList, csrf, cfg.CSRF); err != nil {
				fail(w, r, err)
				return
			}
			jw := &writer{ResponseWriter: w, name: name}
			done := false
			defer func() {
				if !done && jw.state == undecided {
					jw.state = passing // a panic: let the error page through unwrapped
				}
			}()
			next.ServeHTTP(jw, r)
			done = true
			jw.finish()
		})
	}
}

// guard lets a JSONP request through when its Referer is white-listed or
// it passes the CSRF check; with neither configured, always.
func guard(r *http.Request, whiteList []string, csrf Verifier, csrfOn bool) error {
	if !csrfOn && len(whiteList) == 0 {
		return nil
	}
	if len(whiteList) > 0 {
		if u, err := url.Parse(r.Referer()); err == nil && (u.Scheme == "http" || u.Scheme == "https") && security.MatchDomain(u.Hostname(), whiteList) {
			return nil
		}
	}
	var cause error
	if csrfOn {
		if cause = csrf.Verify(r); cause == nil {
			return nil
		}
	}
	e := egg.NewError(http.StatusForbidden, "jsonp_forbidden",
		"JSONP refused: the page asking is not on this site (CSRF check) nor in the jsonp WhiteList of sites allowed to read it")
	e.Err = cause
	return e
}

// fail renders err through egg's error path (onerror, when present).
func fail(w http.ResponseWriter, r *http.Request, err error) {
	if egg.CtxFrom(r) == nil {
		http.Error(w, err.Error(), egg.StatusOf(err))
		return
	}
	egg.HandlerFunc(func(*egg.Ctx) error { return err }).ServeHTTP(w, r)
}
