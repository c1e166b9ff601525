package egg

import (
	"fmt"
	"net/http"
	"reflect"

	"go.uber.org/fx"
)

// KoaMiddleware is Egg's (Koa's) onion middleware: code before next()
// runs on the way in, code after it on the way out. next returns the error
// of everything downstream, which egg has already rendered; return it (or
// nil) to let it pass.
//
//	func timing(c *egg.Ctx, next func() error) error {
//		start := time.Now()
//		err := next()
//		c.Logger().Info("done", "took", time.Since(start))
//		return err
//	}
type KoaMiddleware func(c *Ctx, next func() error) error

// Koa adapts a Koa-style middleware to the standard form, so both mix in
// one chain. Each request through it costs one small allocation (the next
// closure); the standard form costs none.
func Koa(mw KoaMiddleware) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := CtxFrom(r)
			if c == nil {
				next.ServeHTTP(w, r)
				return
			}
			c.w, c.req = w, r
			err := mw(c, func() error {
				next.ServeHTTP(w, r)
				c.w, c.req = w, r // back on the way out
				return c.err
			})
			if err != nil && !sameError(err, c.err) {
				c.fail(err)
			}
		})
	}
}

// sameError reports whether a and b are the same error value (not merely
// equal by errors.Is); a middleware returning next()'s error unchanged must
// not render it twice.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta == tb && ta.Comparable() && a == b
}

// namedMiddleware is one registered middleware.
type namedMiddleware struct {
	name   string
	module string
	caller string
	mw     func(http.Handler) http.Handler
}

type middlewareNode struct {
	fx.Option
	name   string
	mw     any
	caller string
}

var (
	stdMiddlewareType = reflect.TypeFor[func(http.Handler) http.Handler]()
	koaMiddlewareType = reflect.TypeFor[KoaMiddleware]()
	koaFuncType       = reflect.TypeFor[func(*Ctx, func() error) error]()
)

// Middleware registers a named middleware (Egg's app/middleware/<name>.js).
// It runs only when its name is listed in HTTPConfig.CoreMiddleware or
// HTTPConfig.Middleware, in that order, with Egg's options from
// HTTPConfig.MiddlewareOptions[name]. mw is the middleware itself —
// func(http.Handler) http.Handler (any chi or net/http middleware) or a
// KoaMiddleware — or an fx constructor that returns one (optionally with
// an error), to inject its dependencies.
func Middleware(name string, mw any) fx.Option {
	return middlewareNode{Option: fx.Options(), name: name, mw: mw, caller: caller()}
}

func (n middlewareNode) String() string { return "egg.Middleware(" + n.name + ")" }

func (n middlewareNode) visit(w *walker) {
	owner := w.owner()
	entry := namedMiddleware{name: n.name, module: owner.name, caller: n.caller}
	if std, ok := asStdMiddleware(n.mw); ok {
		entry.mw = std
		owner.provide(func() middlewareOut { return middlewareOut{M: entry} })
		return
	}
	ct := reflect.TypeOf(n.mw)
	bad := func() {
		w.fail(fmt.Errorf("egg: egg.Middleware(%q, %T) at %s: pass func(http.Handler) http.Handler, an egg.KoaMiddleware, "+
			"or a constructor returning one of those (optionally with an error)", n.name, n.mw, n.caller))
	}
	if !isConstructor(ct) {
		bad()
		return
	}
	switch out := ct.Out(0); out {
	case stdMiddlewareType, koaMiddlewareType, koaFuncType:
	default:
		bad()
		return
	}
	owner.provide(wrapConstructor(n.mw, func(mw any) middlewareOut {
		e := entry
		e.mw, _ = asStdMiddleware(mw)
		return middlewareOut{M: e}
	}))
}

// middlewareOut puts a middleware in its group (an fx.Out struct rather
// than fx.Annotate, which builds a dig container and seeds a random
// source each time).
type middlewareOut struct {
	fx.Out
	M namedMiddleware `group:"egg.middleware"`
}

func asStdMiddleware(v any) (func(http.Handler) http.Handler, bool) {
	switch m := v.(type) {
	case func(http.Handler) http.Handler:
		return m, true
	case KoaMiddleware:
		return Koa(m), true
	case func(*Ctx, func() error) error:
		return Koa(m), true
	}
	return nil, false
}

// Middleware returns the names of the middleware in the app's chain,
// outermost first.
func (a *App) Middleware() []string { return a.middleware }
