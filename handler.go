package egg

import (
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"runtime"
	"slices"
	"strings"
)

// HandlerFunc is an egg handler (Egg's controller action). A returned
// error is rendered by onerror. It is an http.Handler, so it also works
// under any mux, as long as the request went through egg (see CtxFrom).
type HandlerFunc func(c *Ctx) error

// ServeHTTP runs the handler with the request's Ctx.
func (h HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := CtxFrom(r)
	if c == nil {
		http.Error(w, "egg: handler called outside an egg app; mount it through egg's router", http.StatusInternalServerError)
		return
	}
	// what the middleware in front handed on; mostly what the Ctx has
	// already, and then not stored again (a store is a write barrier
	// while the collector marks)
	if c.w != w {
		c.w = w
	}
	if c.req != r {
		c.req = r
	}
	if err := h(c); err != nil {
		c.fail(err)
	}
}

// ServeHTTP serves a request through the app: the named middleware in
// config order, then the router. Every response carries the request id
// (HTTPConfig.RequestIDHeader). A panic anywhere is recovered and rendered
// as a 500, or, when part of the response was already sent, aborts the
// connection (http.ErrAbortHandler), so the client sees a broken response
// rather than a complete-looking one; the server keeps serving.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !a.serving.Load() {
		a.notServing(w, r)
		return
	}
	c := a.acquire(w, r)
	h := w.Header()
	a.stampRequestID(c, h, r.Header)
	// While draining, each client finishes this exchange and reconnects.
	// A chunked HTTP/1.1 request may have come with a Content-Length too,
	// which net/http drops before egg sees it (RFC 9112 6.1: a smuggling
	// shape); the connection is closed after it either way.
	if a.srv.draining.Load() || len(r.TransferEncoding) > 0 {
		h["Connection"] = connectionClose
	}
	defer a.finish(c, a.wrapBody(w, c))
	for _, fn := range a.events.request {
		fn(c)
	}
	a.handler.ServeHTTP(&c.rw, c.req)
}

// notServing answers a request that arrives before the app started or
// after it stopped.
func (a *App) notServing(w http.ResponseWriter, r *http.Request) {
	if ids := a.srv.ids; ids != nil {
		name := a.http.RequestIDHeader
		if id := r.Header[name]; len(id) > 0 && validRequestID(id[0]) {
			w.Header()[name] = id[:1:1]
		} else {
			w.Header().Set(name, ids.next(new(requestID)))
		}
	}
	w.Header()["Connection"] = connectionClose
	http.Error(w, "egg: the app is not started (or already stopped)", http.StatusServiceUnavailable)
}

// finish recovers a panic, runs the BeforeHeaders hooks of a response
// that wrote nothing, fires the response event and recycles the Ctx.
func (a *App) finish(c *Ctx, body *bodyReader) {
	if body != nil {
		body.handlerDone()
	}
	if p := recover(); p != nil {
		if p == http.ErrAbortHandler {
			a.release(c)
			panic(p)
		}
		pe := newPanicError(p)
		a.log.core.Error("panic serving a request", c.reqAttr(), "panic", clipTo(fmt.Sprint(p), maxErrorText),
			"response_started", c.rw.written(), "stack", string(pe.Stack))
		if c.rw.written() {
			// part of the response is out: abort the connection, so the
			// client cannot take a cut body for a complete one
			a.EmitError(pe, c)
			a.release(c)
			panic(http.ErrAbortHandler)
		}
		c.fail(pe)
	}
	if !c.rw.written() && len(c.rw.before) > 0 {
		c.rw.WriteHeader(http.StatusOK) // what net/http sends for a handler that wrote nothing
	}
	for _, fn := range a.events.response {
		fn(c)
	}
	a.release(c)
}

// reqAttr names the request in egg's own log lines: id, method and path
// (clipped).
func (c *Ctx) reqAttr() slog.Attr {
	return slog.Group("req", slog.String("id", c.reqID), slog.String("method", c.req.Method),
		slog.String("path", Clip(c.req.URL.Path)))
}

// buildHandler resolves the middleware names, builds the chi mux from the
// routes and stacks the middleware around it.
func (a *App) buildHandler(registered []namedMiddleware) error {
	cfg := *ConfigOf[HTTPConfig](a.configs)
	cfg.RequestIDHeader = http.CanonicalHeaderKey(cfg.RequestIDHeader)
	a.http = cfg
	a.srv.ids = newRequestIDs()
	for _, k := range ConfigOf[AppConfig](a.configs).Keys {
		a.keys = append(a.keys, []byte(k))
	}
	byName := map[string]namedMiddleware{}
	registered = slices.Clone(registered) // fx gives groups in random order
	slices.SortFunc(registered, func(a, b namedMiddleware) int {
		return strings.Compare(a.module+a.caller, b.module+b.caller)
	})
	for _, m := range registered {
		if prev, ok := byName[m.name]; ok {
			return fmt.Errorf("egg: middleware %q is registered twice, by module %q (%s) and module %q (%s); give one another name",
				m.name, prev.module, prev.caller, m.module, m.caller)
		}
		byName[m.name] = m
	}
	a.hosts = newHostPolicy(*ConfigOf[HostConfig](a.configs))
	names := append(slices.Clone(cfg.CoreMiddleware), cfg.Middleware...)
	if a.hosts.guarded && !slices.Contains(names, MiddlewareHosts) {
		names = append([]string{MiddlewareHosts}, names...) // first unless a module placed it
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return fmt.Errorf("egg: middleware %q is listed twice in HTTPConfig.CoreMiddleware/Middleware (%s); list it once",
				n, strings.Join(names, ", "))
		}
		seen[n] = true
		if _, ok := byName[n]; !ok && n != MiddlewareHosts {
			return fmt.Errorf("egg: middleware %q is listed in HTTPConfig but no module registers it (registered: %s); "+
				"register it with egg.Middleware(%q, ...) or remove it from the list", n, strings.Join(sortedKeys(byName), ", "), n)
		}
	}
	for n := range cfg.MiddlewareOptions {
		if _, ok := byName[n]; !ok {
			return fmt.Errorf("egg: HTTPConfig.MiddlewareOptions names middleware %q, which no module registers (registered: %s)",
				n, strings.Join(sortedKeys(byName), ", "))
		}
	}
	if _, ok := byName[MiddlewareHosts]; !ok {
		byName[MiddlewareHosts] = namedMiddleware{name: MiddlewareHosts, module: "egg", caller: "egg", mw: a.hostGuard}
	}
	mux, err := a.router.build()
	if err != nil {
		return err
	}
	a.mux = mux
	var h http.Handler = mux
	for i := len(names) - 1; i >= 0; i-- {
		m := byName[names[i]]
		opts := cfg.MiddlewareOptions[m.name]
		if m.name == MiddlewareHosts && !a.hosts.guarded {
			names = slices.Delete(names, i, i+1) // listed by a module, but there is no allow list
			continue
		}
		if opts.Disable {
			continue
		}
		h = withOptions(m.mw, opts)(h)
	}
	a.middleware = names
	a.handler = h
	return nil
}

// withOptions applies Egg's match/ignore to a middleware.
func withOptions(mw func(http.Handler) http.Handler, o MiddlewareOptions) func(http.Handler) http.Handler {
	if len(o.Match) == 0 && len(o.Ignore) == 0 {
		return mw
	}
	return func(next http.Handler) http.Handler {
		wrapped := mw(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if (len(o.Match) > 0 && !anyMatch(o.Match, r)) || anyMatch(o.Ignore, r) {
				next.ServeHTTP(w, r)
				return
			}
			wrapped.ServeHTTP(w, r)
		})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// funcName names a function value for route tables and errors.
func funcName(f any) string {
	if h, ok := f.(HandlerFunc); ok {
		f = (func(*Ctx) error)(h)
	}
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func {
		return fmt.Sprintf("%T", f)
	}
	if fn := runtime.FuncForPC(v.Pointer()); fn != nil {
		name := fn.Name()
		name = strings.TrimSuffix(name, "-fm")
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
		return name
	}
	return fmt.Sprintf("%T", f)
}
