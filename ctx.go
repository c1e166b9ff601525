package egg

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
)

// Ctx is one request's context (Egg's ctx): it wraps the
// http.ResponseWriter and *http.Request, holds the request's scope of
// services, and implements context.Context, so it can be passed wherever a
// context goes while the request runs. Handlers are func(*egg.Ctx) error.
//
// A Ctx is recycled when its request ends: do not keep it, or use it from
// a goroutine that outlives the handler. For background work started by a
// request, pass context.WithoutCancel(c.Request().Context()) and copy the
// values you need; such a context stays correct after the request (it only
// stops finding the Ctx). For work outside requests use App.NewContext.
type Ctx struct {
	rw     responseWriter      // egg's own wrapper of the server's writer: records the status
	w      http.ResponseWriter // the writer the current handler was given (a middleware may wrap it)
	req    *http.Request
	rc     *reqContext
	app    *App
	start  time.Duration // since app.created: one monotonic clock read, not time.Now's two
	route  chi.Context
	helper Helper

	scope      []any
	scopeStack []string
	reqID      string
	logger     *slog.Logger
	values     map[any]any
	query      url.Values
	err        error         // the error rendered for this request, if any
	gen        atomic.Uint64 // moves on when a request ends (reqContext)
}

type ctxKey struct{}

// reqContext is the request's context.Context while egg serves it: the
// request's original context plus the Ctx serving it and the Ctx's
// generation at the time. release moves the generation on, so a context
// kept by a goroutine stops finding the Ctx when the request ends and
// never reaches a recycled one. It is egg's one small allocation per
// request (besides the request copy that carries it, which chi makes too).
type reqContext struct {
	context.Context
	c   *Ctx
	gen uint64    // c.gen while this request is being served
	id  requestID // the generated request id, in this allocation (requestid.go)
}

// ctx returns the Ctx while its request is being served, else nil.
func (rc *reqContext) ctx() *Ctx {
	if c := rc.c; c != nil && c.gen.Load() == rc.gen {
		return c
	}
	return nil
}

// Value answers for the Ctx and chi's routing context, then asks the
// original context.
func (rc *reqContext) Value(key any) any {
	switch key {
	case ctxKey{}:
		if c := rc.ctx(); c != nil {
			return c
		}
		return nil
	case chi.RouteCtxKey:
		if c := rc.ctx(); c != nil {
			return &c.route
		}
		return nil
	}
	return rc.Context.Value(key)
}

// acquire takes a Ctx from the app's pool for a request.
//
// The request path stores as few pointers as it can: each store is a
// write barrier while the collector marks, which in a busy server with a
// small heap is half of the time. Fields that stay the same for the
// pooled Ctx's whole life are set once, stores into the new reqContext
// need none, and the generation is a plain number.
func (a *App) acquire(w http.ResponseWriter, r *http.Request) *Ctx {
	c, _ := a.ctxPool.Get().(*Ctx)
	if c == nil {
		c = &Ctx{app: a}
		c.helper.c = c
		c.rw.c = c
		c.w = &c.rw
	}
	c.start = time.Since(a.created)
	c.rw.ResponseWriter = w
	rc := &reqContext{Context: r.Context(), c: c, gen: c.gen.Load()}
	c.rc = rc
	c.req = r.WithContext(rc)
	c.route.Routes = a.mux
	return c
}

// release detaches the Ctx from its request and returns it to the pool.
// Fields are cleared only when set (see acquire).
func (a *App) release(c *Ctx) {
	c.gen.Add(1) // contexts of this request stop finding c
	c.rw.reset()
	if c.w != &c.rw {
		c.w = &c.rw // a middleware's writer; the next request starts on egg's own
	}
	c.req, c.rc = nil, nil
	c.route.Reset()
	if len(c.scope) > 0 {
		clear(c.scope)
		c.scope = c.scope[:0]
	}
	if len(c.scopeStack) > 0 {
		clear(c.scopeStack)
		c.scopeStack = c.scopeStack[:0]
	}
	c.reqID = ""
	if c.logger != nil {
		c.logger = nil
	}
	if c.query != nil {
		c.query = nil
	}
	if c.err != nil {
		c.err = nil
	}
	if len(c.values) > 0 {
		clear(c.values)
	}
	a.ctxPool.Put(c)
}

// CtxFrom returns the egg Ctx of a request that egg is serving, or nil
// (outside egg, or after the request ended). Any stdlib handler or
// middleware under egg can reach the Ctx this way.
func CtxFrom(r *http.Request) *Ctx {
	if rc, ok := r.Context().(*reqContext); ok {
		return rc.ctx()
	}
	c, _ := r.Context().Value(ctxKey{}).(*Ctx)
	return c
}

// Deadline implements context.Context with the request's deadline.
func (c *Ctx) Deadline() (time.Time, bool) { return c.rc.Deadline() }

// Done implements context.Context: closed when the request ends or the
// client goes away.
func (c *Ctx) Done() <-chan struct{} { return c.rc.Done() }

// Err implements context.Context.
func (c *Ctx) Err() error { return c.rc.Err() }

// Value implements context.Context: the Ctx itself, chi's routing context,
// values middleware added to the request, then the request's original
// context.
func (c *Ctx) Value(key any) any { return c.req.Context().Value(key) }

// App returns the application.
func (c *Ctx) App() *App { return c.app }

// Request returns the request the handler was given, with any context
// values middleware added.
func (c *Ctx) Request() *http.Request { return c.req }

// Response returns the response writer the handler was given: egg's, or
// one a middleware wrapped around it (compression, ...). Write through it.
func (c *Ctx) Response() http.ResponseWriter { return c.w }

// StartTime is when egg received the request.
func (c *Ctx) StartTime() time.Time { return c.app.created.Add(c.start) }

// Elapsed returns the time since the request reached egg, by the monotonic
// clock: time.Since(c.StartTime()) with one clock read and no time.Time
// arithmetic (what an X-Response-Time header wants).
func (c *Ctx) Elapsed() time.Duration { return time.Since(c.app.created) - c.start }

// Helper returns the request's helper (Egg's ctx.helper).
func (c *Ctx) Helper() *Helper { return &c.helper }

// Set stores a request-local value (Egg's ctx.state).
func (c *Ctx) Set(key, value any) {
	if c.values == nil {
		c.values = make(map[any]any, 4)
	}
	c.values[key] = value
}

// Get returns a value stored with Set.
func (c *Ctx) Get(key any) (any, bool) {
	if len(c.values) == 0 {
		return nil, false // most requests store nothing: no hashing of the key
	}
	v, ok := c.values[key]
	return v, ok
}

// Logger returns the ctx logger (Egg's ctx.logger): the app logger with the
// request's id, method, path and client IP on every line.
func (c *Ctx) Logger() *slog.Logger {
	if c.logger == nil {
		req := slog.Group("req",
			slog.String("id", c.RequestID()), slog.String("method", c.req.Method),
			slog.String("path", Clip(c.req.URL.Path)), slog.String("ip", c.IP()))
		if hooks := c.app.events.logAttrs; len(hooks) > 0 {
			attrs := []slog.Attr{req}
			for _, fn := range hooks {
				attrs = fn(c, attrs)
			}
			c.logger = slog.New(c.app.log.app.Handler().WithAttrs(attrs))
		} else {
			c.logger = c.app.log.app.With(req)
		}
	}
	return c.logger
}

// NewContext returns an anonymous context (Egg's createAnonymousContext):
// a Ctx for GET / with no client, carrying ctx, with its own scope of
// request-scoped services. Use it in boot hooks, schedules, queue workers
// and tests.
func (a *App) NewContext(ctx context.Context) *Ctx {
	r, _ := http.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
	r.RemoteAddr = "127.0.0.1:0"
	r.Host = "127.0.0.1"
	c := &Ctx{app: a, start: time.Since(a.created)}
	c.helper.c = c
	c.rw.c = c
	c.rw.ResponseWriter = &discardWriter{h: http.Header{}}
	c.w = &c.rw
	c.rc = &reqContext{Context: ctx, c: c}
	c.req = r.WithContext(c.rc)
	c.route.Routes = a.mux
	return c
}

// discardWriter is the response of an anonymous context.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
