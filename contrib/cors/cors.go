package cors

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/egg-go/egg"
	"github.com/rs/cors"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix (CORS_)
// of the config's environment variables.
const Name = "cors"

// Module is the cors module (egg-cors). It declares Config, registers the
// "cors" middleware built by New, and puts "cors" first in
// egg.HTTPConfig.CoreMiddleware (Egg's order: [cors], meta, ...), so it
// answers preflights before any other middleware runs and its headers are
// on every answer, errors included. Egg's options apply:
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			cors.Name: {Match: []egg.Matcher{egg.PathPrefix("/api")}},
//		}
//	})
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.Middleware(Name, New),
	egg.Configure(putFirst),
)

// putFirst puts the middleware first in the core list, unless a module
// before this one already placed it.
func putFirst(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		c.CoreMiddleware = append([]string{Name}, c.CoreMiddleware...)
	}
}

// New returns the CORS middleware for cfg; it works under egg or around
// any http.Handler. It panics if cfg is invalid (see Config.Validate);
// under egg the config was validated at start-up, before New runs.
//
// A preflight (OPTIONS with Origin and Access-Control-Request-Method) is
// answered here and never reaches the handler: 204 with the
// Access-Control-Allow-* headers when origin, method and headers are all
// allowed, else 403 without them (under egg, rendered like any other egg
// error, code "cors_rejected"). An OPTIONS without Origin is not CORS and
// passes through. Other requests pass through; an allowed Origin gets
// Access-Control-Allow-Origin (the origin itself, or "*" for the "*"
// config) and, when configured, Access-Control-Allow-Credentials and
// Access-Control-Expose-Headers. Every answer carries Vary: Origin.
func New(cfg Config) func(http.Handler) http.Handler {
	cfg = cfg.normalized()
	if err := cfg.Validate(); err != nil {
		panic(fmt.Sprintf("cors.New: %v", err))
	}
	c := cors.New(options(cfg))
	methods := cfg.AllowMethods
	return func(next http.Handler) http.Handler {
		// OptionsPassthrough: rs/cors sets the preflight headers, then
		// calls this handler, which decides the status.
		return c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" ||
				r.Header.Get("Origin") == "" {
				next.ServeHTTP(w, r)
				return
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "" {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			reject(w, r, c, methods)
		}))
	}
}

// options maps a normalized, valid Config to rs/cors's options.
func options(cfg Config) cors.Options {
	o := cors.Options{
		AllowedMethods:      cfg.AllowMethods,
		AllowedHeaders:      cfg.AllowHeaders,
		ExposedHeaders:      cfg.ExposeHeaders,
		AllowCredentials:    cfg.AllowCredentials,
		AllowPrivateNetwork: cfg.AllowPrivateNetwork,
		MaxAge:              int(cfg.MaxAge / time.Second),
		OptionsPassthrough:  true,
	}
	if len(o.AllowedHeaders) == 0 {
		// rs/cors reads an empty list as "Accept, Content-Type,
		// X-Requested-With"; a set holding only the empty name accepts no
		// header at all, which is what an empty list says.
		o.AllowedHeaders = []string{""}
	}
	switch fn := cfg.AllowOriginFunc; {
	case fn == nil:
		o.AllowedOrigins = cfg.AllowOrigins
	case len(cfg.AllowOrigins) == 0:
		o.AllowOriginVaryRequestFunc = func(r *http.Request, origin string) (bool, []string) {
			return fn(r, origin), nil
		}
	default:
		listed := cors.New(cors.Options{AllowedOrigins: cfg.AllowOrigins})
		o.AllowOriginVaryRequestFunc = func(r *http.Request, origin string) (bool, []string) {
			return listed.OriginAllowed(r) || fn(r, origin), nil
		}
	}
	return o
}

// reject answers a refused preflight with 403 and says which check failed.
// The client learns only which check; the origin and the fix go to the
// log, through the error's cause.
func reject(w http.ResponseWriter, r *http.Request, c *cors.Cors, methods []string) {
	origin, method := r.Header.Get("Origin"), r.Header.Get("Access-Control-Request-Method")
	var what string
	var cause error
	switch {
	case !c.OriginAllowed(r):
		what = "origin not allowed"
		cause = fmt.Errorf("cors: origin %q is not allowed; add it to cors.Config.AllowOrigins (env CORS_ALLOW_ORIGINS) if it should be", origin)
	case !slices.Contains(methods, method):
		what = "method not allowed"
		cause = fmt.Errorf("cors: method %q is not allowed; add it to cors.Config.AllowMethods (env CORS_ALLOW_METHODS) if it should be", method)
	default:
		what = "request headers not allowed"
		cause = fmt.Errorf("cors: request headers %q are not all allowed; add them to cors.Config.AllowHeaders (env CORS_ALLOW_HEADERS) if they should be",
			r.Header.Values("Access-Control-Request-Headers"))
	}
	msg := "CORS preflight rejected: " + what
	if egg.CtxFrom(r) == nil {
		http.Error(w, msg, http.StatusForbidden)
		return
	}
	egg.HandlerFunc(func(*egg.Ctx) error {
		return &egg.Error{Status: http.StatusForbidden, Code: "cors_rejected", Message: msg, Err: cause}
	}).ServeHTTP(w, r)
}
