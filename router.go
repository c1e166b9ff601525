package egg

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/egg-go/egg/internal/route"
	"github.com/go-chi/chi/v5"
	"go.uber.org/fx"
)

// Router is egg's router (Egg's app.router) over chi. Patterns accept
// Egg's ":id" and chi's "{id}" (and "{id:[0-9]+}"); a trailing slash in
// the request is optional; GET routes answer HEAD; a known path with the
// wrong method gets 405 with an Allow header. Routes are collected while
// the app is built and turned into a chi mux once, at the end.
//
// Path parameters are decoded once, as Egg decodes them: "/users/%32"
// gives id "2" and "/hello/a%2Fb" gives name "a/b" (the escaped "/" stays
// in its segment). Every accessor (Ctx.Param, Ctx.ParamInt, Ctx.URLParams,
// chi.URLParam) sees the decoded value, and so does a route's own
// middleware. A parameter that is not valid percent-encoding is a 400.
// A Mount's handler gets the request as chi hands it on.
type Router struct {
	root   *routerRoot
	prefix string
	mws    []func(http.Handler) http.Handler
}

type routerRoot struct {
	app    *App
	routes []*Route
	errs   []error
	built  bool
}

// Route is one registered route.
type Route struct {
	methods []string
	pattern string // chi form
	name    string
	handler http.Handler
	hname   string
	mws     []func(http.Handler) http.Handler
	mount   bool
	root    *routerRoot
}

// RouteInfo describes a route for the route table.
type RouteInfo struct {
	Method  string `json:"method"`
	Pattern string `json:"pattern"`
	Name    string `json:"name,omitempty"`
	Handler string `json:"handler"`
}

func newRouter(a *App) *Router { return &Router{root: &routerRoot{app: a}} }

// Name names the route for PathFor and URLFor (Egg's named routes).
func (rt *Route) Name(name string) *Route {
	rt.name = name
	return rt
}

// Get adds a GET route; it also answers HEAD.
func (r *Router) Get(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodGet, http.MethodHead}, path, h, funcName(h))
}

// Head adds a HEAD route.
func (r *Router) Head(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodHead}, path, h, funcName(h))
}

// Post adds a POST route.
func (r *Router) Post(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodPost}, path, h, funcName(h))
}

// Put adds a PUT route.
func (r *Router) Put(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodPut}, path, h, funcName(h))
}

// Patch adds a PATCH route.
func (r *Router) Patch(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodPatch}, path, h, funcName(h))
}

// Delete adds a DELETE route (Egg's router.delete / router.del).
func (r *Router) Delete(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodDelete}, path, h, funcName(h))
}

// Options adds an OPTIONS route.
func (r *Router) Options(path string, h HandlerFunc) *Route {
	return r.add([]string{http.MethodOptions}, path, h, funcName(h))
}

// All adds a route for every method (Egg's router.all).
func (r *Router) All(path string, h HandlerFunc) *Route {
	return r.add([]string{"*"}, path, h, funcName(h))
}

// Handle adds a route for one method with any http.Handler.
func (r *Router) Handle(method, path string, h http.Handler) *Route {
	methods := []string{strings.ToUpper(method)}
	if methods[0] == http.MethodGet {
		methods = append(methods, http.MethodHead)
	}
	return r.add(methods, path, h, funcName(h))
}

// Mount serves every path under prefix with h (any http.Handler: a chi
// router, http.FileServer, another egg app's handler, ...).
func (r *Router) Mount(prefix string, h http.Handler) *Route {
	rt := r.add([]string{"*"}, prefix, h, funcName(h))
	rt.mount = true
	return rt
}

// Redirect answers from with a redirect to to (Egg's router.redirect); the
// status defaults to 301, as Egg's.
func (r *Router) Redirect(from, to string, status ...int) *Route {
	code := http.StatusMovedPermanently
	if len(status) > 0 {
		code = status[0]
	}
	h := HandlerFunc(func(c *Ctx) error { return c.Redirect(code, to) })
	return r.add([]string{"*"}, from, h, fmt.Sprintf("redirect %d → %s", code, to))
}

// With returns a router whose routes run through the given middleware
// (per-route middleware; wrap a KoaMiddleware with egg.Koa).
func (r *Router) With(mws ...func(http.Handler) http.Handler) *Router {
	return &Router{root: r.root, prefix: r.prefix, mws: append(slices.Clone(r.mws), mws...)}
}

// Prefix returns a router whose routes are under prefix (egg-router-plus's
// namespace).
func (r *Router) Prefix(prefix string) *Router {
	return &Router{root: r.root, prefix: r.prefix + route.Convert(prefix), mws: slices.Clone(r.mws)}
}

// Group calls fn with a router under prefix, for a block of routes.
func (r *Router) Group(prefix string, fn func(r *Router)) { fn(r.Prefix(prefix)) }

func (r *Router) add(methods []string, path string, h http.Handler, hname string) *Route {
	if r.root.built {
		panic("egg: route " + path + " added after the app was built; add routes in egg.Routes")
	}
	if !strings.HasPrefix(path, "/") {
		r.root.errs = append(r.root.errs, fmt.Errorf("egg: route pattern %s (handler %s) must begin with '/'", strconv.Quote(path), hname))
		path = "/" + path
	}
	pattern := r.prefix + route.Convert(path)
	if len(pattern) > 1 {
		pattern = strings.TrimSuffix(pattern, "/")
	}
	rt := &Route{methods: methods, pattern: pattern, handler: h, hname: readableFuncName(hname), mws: r.mws, root: r.root}
	r.root.routes = append(r.root.routes, rt)
	return rt
}

// pointerMethod is how the runtime names a method value with a pointer
// receiver: "controller.(*Users).Show".
var pointerMethod = regexp.MustCompile(`^([^.()]+)\.\(\*([^)]+)\)\.(.+)$`)

// readableFuncName writes a pointer-receiver method as Go code names its
// type, "*controller.Users.Show", the way Resources names its actions.
func readableFuncName(name string) string {
	if m := pointerMethod.FindStringSubmatch(name); m != nil {
		return "*" + m[1] + "." + m[2] + "." + m[3]
	}
	return name
}

// build turns the collected routes into a chi mux. Mistakes (a duplicate
// route or name) fail start-up here.
func (r *Router) build() (*chi.Mux, error) {
	root := r.root
	if err := errors.Join(root.errs...); err != nil {
		return nil, err
	}
	names := map[string]*Route{}
	seen := map[string]*Route{}
	for _, rt := range root.routes {
		if rt.name != "" {
			if prev, ok := names[rt.name]; ok && prev.pattern != rt.pattern {
				return nil, fmt.Errorf("egg: route name %q is used for %s and %s; route names must be unique", rt.name, prev.pattern, rt.pattern)
			}
			names[rt.name] = rt
		}
		for _, m := range rt.methods {
			key := m + " " + rt.pattern
			if prev, ok := seen[key]; ok {
				return nil, fmt.Errorf("egg: route %s is registered twice (handlers %s and %s); remove one", key, prev.hname, rt.hname)
			}
			seen[key] = rt
		}
	}
	specs := make([]route.Spec, len(root.routes))
	for i, rt := range root.routes {
		specs[i] = route.Spec{Methods: rt.methods, Pattern: rt.pattern, Handler: rt.handler, Middleware: rt.mws, Mount: rt.mount}
	}
	mux, err := route.Build(specs, route.Options{
		NotFound:         HandlerFunc(func(c *Ctx) error { return NewError(http.StatusNotFound, "", "Not Found") }),
		MethodNotAllowed: HandlerFunc(methodNotAllowed),
		BadParam:         badParam,
	})
	if err != nil {
		return nil, err
	}
	root.built = true
	return mux, nil
}

// methodNotAllowed answers 405 with the Allow header listing the methods
// the path does answer.
func methodNotAllowed(c *Ctx) error {
	path := c.route.RoutePath // what chi routed on
	if path == "" {
		path = c.req.URL.RawPath
	}
	if path == "" {
		path = c.req.URL.Path
	}
	var allow []string
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"} {
		if c.app.mux.Match(chi.NewRouteContext(), m, path) {
			allow = append(allow, m)
		}
	}
	e := NewError(http.StatusMethodNotAllowed, "", "Method Not Allowed")
	e.Header = http.Header{"Allow": {strings.Join(allow, ", ")}}
	return e
}

// badParam answers a request whose path parameter is not valid
// percent-encoding.
func badParam(w http.ResponseWriter, r *http.Request, e *route.ParamError) {
	c := CtxFrom(r)
	if c == nil {
		http.Error(w, e.Error(), http.StatusBadRequest)
		return
	}
	c.w, c.req = w, r
	c.fail(NewError(http.StatusBadRequest, CodeInvalidParam, e.Error()))
}

// Routes returns the route table in registration order.
func (r *Router) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range r.root.routes {
		methods := rt.methods
		if len(methods) == 2 && methods[0] == http.MethodGet {
			methods = methods[:1] // HEAD comes with GET
		}
		for _, m := range methods {
			if m == "*" {
				m = "ANY"
			}
			out = append(out, RouteInfo{Method: m, Pattern: rt.pattern, Name: rt.name, Handler: rt.hname})
		}
	}
	return out
}

// PathFor returns the path of the named route with params filled in (Egg's
// pathFor): pattern parameters are path-escaped (a "/" in a value becomes
// "%2F", so the value comes back whole from Ctx.Param), a "*" wildcard is
// filled from params["*"] with its "/" kept; every other param becomes the
// query string, sorted by key, a slice repeating its key, a space written
// "%20". An unknown name, or a pattern parameter that is missing or empty,
// gives "".
func (r *Router) PathFor(name string, params map[string]any) string {
	var rt *Route
	for _, x := range r.root.routes {
		if x.name == name {
			rt = x
			break
		}
	}
	if rt == nil {
		return ""
	}
	used := map[string]bool{}
	path, ok := route.Expand(rt.pattern,
		func(k string) (string, bool) {
			v, ok := params[k]
			if !ok {
				return "", false
			}
			return paramString(v), true
		},
		func(k string) { used[k] = true })
	if !ok {
		return ""
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		if !used[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return path
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(path)
	sep := byte('?')
	add := func(k, v string) {
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(route.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(route.QueryEscape(v))
	}
	for _, k := range keys {
		switch v := params[k].(type) {
		case []string:
			for _, x := range v {
				add(k, x)
			}
		case []int:
			for _, n := range v {
				add(k, strconv.Itoa(n))
			}
		case []any:
			for _, x := range v {
				add(k, paramString(x))
			}
		default:
			add(k, paramString(v))
		}
	}
	return b.String()
}

func paramString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

type routesNode struct {
	fx.Option
	fn     any
	caller string
}

// Routes adds a route file (Egg's app/router.js, or one of egg-router-plus's
// app/router/**): fn is an fx invoke function that takes *egg.Router and
// whatever controllers it routes to. Any module may add routes.
//
//	egg.Routes(func(r *egg.Router, users *controller.Users) {
//		r.Resources("users", "/api/users", users)
//	})
func Routes(fn any) fx.Option {
	return routesNode{Option: fx.Options(), fn: fn, caller: caller()}
}

func (n routesNode) String() string { return fmt.Sprintf("egg.Routes(%T)", n.fn) }

func (n routesNode) visit(w *walker) { w.add(fx.Invoke(n.fn)) }

// Routes returns the app's route table.
func (a *App) Routes() []RouteInfo { return a.router.Routes() }
