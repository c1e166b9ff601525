package route

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Spec is one route as egg's router collected it.
type Spec struct {
	Methods    []string // "*" alone: every method
	Pattern    string   // chi form
	Handler    http.Handler
	Middleware []func(http.Handler) http.Handler // per-route, outermost first
	Mount      bool                              // serve every path under Pattern
}

// Options are what a mux needs besides its routes.
type Options struct {
	NotFound         http.Handler
	MethodNotAllowed http.Handler
	// BadParam answers a request whose path parameter does not decode.
	BadParam func(http.ResponseWriter, *http.Request, *ParamError)
	// Use is middleware every request through the mux passes, matched
	// or not, before its route's own middleware.
	Use []func(http.Handler) http.Handler
}

// Build assembles the chi mux. A trailing slash in the request is
// optional (TrimSlash). Every route but a mount sees decoded parameters
// (see DecodeParams), decoded before its own middleware runs;
// a mounted handler gets the request as chi hands it on. A pattern chi
// refuses is returned as an error, not a panic.
func Build(specs []Spec, o Options) (mux *chi.Mux, err error) {
	defer func() {
		if p := recover(); p != nil {
			mux, err = nil, fmt.Errorf("egg: invalid route: %v", p)
		}
	}()
	mux = chi.NewRouter()
	mux.Use(TrimSlash)
	if len(o.Use) > 0 {
		mux.Use(o.Use...)
	}
	if o.NotFound != nil {
		mux.NotFound(o.NotFound.ServeHTTP)
	}
	if o.MethodNotAllowed != nil {
		mux.MethodNotAllowed(o.MethodNotAllowed.ServeHTTP)
	}
	for _, s := range specs {
		if s.Mount {
			var target chi.Router = mux
			if len(s.Middleware) > 0 {
				target = mux.With(s.Middleware...)
			}
			target.Mount(s.Pattern, s.Handler)
			continue
		}
		h := s.Handler
		if len(s.Middleware) > 0 {
			h = chi.Chain(s.Middleware...).Handler(h)
		}
		h = Decoded(h, o.BadParam)
		if len(s.Methods) == 1 && s.Methods[0] == "*" {
			mux.Handle(s.Pattern, h)
			continue
		}
		for _, m := range s.Methods {
			mux.Method(m, s.Pattern, h)
		}
	}
	return mux, nil
}

// TrimSlash makes a trailing slash in the request optional, Egg's rule:
// "/users/1/" routes as "/users/1", and "/hello/a%2Fb/" as "/hello/a%2Fb"
// (on the escaped path when the request has one, as chi routes). A
// routing path already set (by a Mount, or by egg) is left alone.
func TrimSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.RawPath
		if p == "" {
			p = r.URL.Path
		}
		if len(p) > 1 && p[len(p)-1] == '/' {
			if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePath == "" {
				rctx.RoutePath = strings.TrimRight(p, "/")
				if rctx.RoutePath == "" {
					rctx.RoutePath = "/"
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
