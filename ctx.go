package egg

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"
)

// Ctx is one request's context (Egg's ctx): it wraps the
// http.ResponseWriter and *http.Request, holds the request's scope of
// services, and is itself the request's context.Context, so it can be
// passed wherever a context goes. Handlers are func(*egg.Ctx) error.
//
// A Ctx belongs to one request: do not keep it after the handler returns.
// For work outside a request use App.NewContext.
type Ctx struct {
	rw     responseWriter
	req    *http.Request
	parent context.Context
	app    *App
	start  time.Time
	route  chi.Context
	helper Helper

	scope      []any
	scopeStack []string
	reqID      string
	logger     *slog.Logger
	values     map[any]any
	query      url.Values
	err        error // the error rendered for this request, if any

	// inline backing arrays for chi's routing slices, so routing a request
	// with up to two parameters allocates nothing
	patterns   [2]string
	paramKeys  [2]string
	paramVals  [2]string
	rParamKeys [2]string
	rParamVals [2]string
}

type ctxKey struct{}

// newCtx makes the Ctx for a request. It costs one allocation (the Ctx)
// plus the request copy that carries it as the context.
func newCtx(a *App, w http.ResponseWriter, r *http.Request) *Ctx {
	c := &Ctx{app: a, parent: r.Context(), start: time.Now()}
	c.rw.ResponseWriter = w
	c.helper.c = c
	c.route.RoutePatterns = c.patterns[:0]
	c.route.URLParams.Keys = c.paramKeys[:0]
	c.route.URLParams.Values = c.paramVals[:0]
	c.req = r.WithContext(c)
	return c
}

// CtxFrom returns the egg Ctx of a request that went through egg, or nil.
// Any stdlib handler or middleware under egg can reach it this way.
func CtxFrom(r *http.Request) *Ctx {
	if c, ok := r.Context().(*Ctx); ok {
		return c
	}
	c, _ := r.Context().Value(ctxKey{}).(*Ctx)
	return c
}

// Deadline implements context.Context with the request's deadline.
func (c *Ctx) Deadline() (time.Time, bool) { return c.parent.Deadline() }

// Done implements context.Context: closed when the request ends or the
// client goes away.
func (c *Ctx) Done() <-chan struct{} { return c.parent.Done() }

// Err implements context.Context.
func (c *Ctx) Err() error { return c.parent.Err() }

// Value implements context.Context. It answers for the Ctx itself and
// chi's routing context, then asks the request's original context.
func (c *Ctx) Value(key any) any {
	switch key {
	case ctxKey{}:
		return c
	case chi.RouteCtxKey:
		return &c.route
	}
	return c.parent.Value(key)
}

// App returns the application.
func (c *Ctx) App() *App { return c.app }

// Request returns the request. Its context is this Ctx.
func (c *Ctx) Request() *http.Request { return c.req }

// Response returns the response writer. It records the status and size
// written, for Status and the response event.
func (c *Ctx) Response() http.ResponseWriter { return &c.rw }

// StartTime is when egg received the request.
func (c *Ctx) StartTime() time.Time { return c.start }

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
	v, ok := c.values[key]
	return v, ok
}

// Logger returns the ctx logger (Egg's ctx.logger): the app logger with the
// request's id, method, path and client IP on every line.
func (c *Ctx) Logger() *slog.Logger {
	if c.logger == nil {
		c.logger = c.app.log.app.With(slog.Group("req",
			slog.String("id", c.RequestID()), slog.String("method", c.req.Method),
			slog.String("path", c.req.URL.Path), slog.String("ip", c.IP())))
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
	c := newCtx(a, &discardWriter{h: http.Header{}}, r)
	c.route.Routes = a.mux
	return c
}

// discardWriter is the response of an anonymous context.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
