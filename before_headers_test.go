package egg_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// withMiddleware registers Koa-style middleware under the given names and
// puts them in the app's chain, in that order.
func withMiddleware(names []string, mws ...egg.KoaMiddleware) fx.Option {
	opts := []fx.Option{egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = names })}
	for i, mw := range mws {
		opts = append(opts, egg.Middleware(names[i], mw))
	}
	return egg.Module("mw", opts...)
}

// The first middleware an Egg user writes sets a header after next():
// in Go the response is out by then, so the header is lost, and the
// local/unittest log says which header.
func TestHeaderSetAfterNextIsLostAndWarned(t *testing.T) {
	logs := &logBuffer{}
	app := start(t, egg.WithLogHandler(logs.handler()),
		withMiddleware([]string{"late"}, func(c *egg.Ctx, next func() error) error {
			err := next()
			c.SetHeader("X-Response-Time", "1ms")
			return err
		}),
		withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { return c.Text(200, "ok") }) }))
	w := serve(app, "GET", "/", nil)
	if w.Result().Header.Get("X-Response-Time") != "" {
		t.Fatalf("the recorder kept a header set after the response: %v", w.Result().Header)
	}
	mustContain(t, logs.String(), `"level":"WARN"`, "response header set after the headers were sent", `"header":"X-Response-Time"`,
		`"call":"SetHeader"`, "c.BeforeHeaders")
}

func TestLateHeaderIsNotWarnedInProd(t *testing.T) {
	logs := &logBuffer{}
	app := start(t, egg.Env("prod"), egg.WithLogHandler(logs.handler()),
		withMiddleware([]string{"late"}, func(c *egg.Ctx, next func() error) error {
			err := next()
			c.SetHeader("X-Late", "1")
			return err
		}),
		withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { return c.Text(200, "ok") }) }))
	serve(app, "GET", "/", nil)
	if app.Env() != "prod" || strings.Contains(logs.String(), "X-Late") {
		t.Errorf("prod must not pay for the warning:\n%s", logs.String())
	}
}

// BeforeHeaders runs once, just before the headers go out, whatever
// writes them: a handler, the error renderer, a flush, or nothing at all.
func TestBeforeHeadersSetsHeadersOnTheWayOut(t *testing.T) {
	logs := &logBuffer{}
	runs := 0
	timing := func(c *egg.Ctx, next func() error) error {
		c.BeforeHeaders(func() {
			runs++
			c.SetHeader("X-Status-Seen", strconv.Itoa(c.Status()))
		})
		return next()
	}
	app := start(t, egg.WithLogHandler(logs.handler()), withMiddleware([]string{"timing"}, timing),
		withRoutes(func(r *egg.Router) {
			r.Get("/text", func(c *egg.Ctx) error { return c.Text(201, "made") })
			r.Get("/write", func(c *egg.Ctx) error { _, err := c.Response().Write([]byte("raw")); return err })
			r.Get("/error", func(c *egg.Ctx) error { return egg.NewError(409, "conflict", "taken") })
			r.Get("/panic", func(c *egg.Ctx) error { panic("boom") })
			r.Get("/nothing", func(c *egg.Ctx) error { return nil })
			r.Get("/flush", func(c *egg.Ctx) error {
				http.NewResponseController(c.Response()).Flush()
				return nil
			})
			r.Get("/twice", func(c *egg.Ctx) error {
				_ = c.Text(200, "a")
				_, err := c.Response().Write([]byte("b"))
				return err
			})
		}))
	tests := []struct {
		path string
		code int
	}{{"/text", 201}, {"/write", 200}, {"/error", 409}, {"/panic", 500}, {"/nothing", 200}, {"/flush", 200}, {"/twice", 200}}
	for _, tt := range tests {
		runs = 0
		w := serve(app, "GET", tt.path, nil)
		if w.Code != tt.code || w.Result().Header.Get("X-Status-Seen") != strconv.Itoa(tt.code) || runs != 1 {
			t.Errorf("%s: %d, X-Status-Seen %q, hook ran %d times", tt.path, w.Code, w.Result().Header.Get("X-Status-Seen"), runs)
		}
	}
	if strings.Contains(logs.String(), "after the headers were sent") {
		t.Errorf("a header set in the hook is not late:\n%s", logs.String())
	}
}

func TestBeforeHeadersOrderAndLateHook(t *testing.T) {
	logs := &logBuffer{}
	hook := func(name string) egg.KoaMiddleware {
		return func(c *egg.Ctx, next func() error) error {
			c.BeforeHeaders(func() { c.Response().Header().Add("X-Out", name) })
			return next()
		}
	}
	lateRan := false
	app := start(t, egg.WithLogHandler(logs.handler()), withMiddleware([]string{"outer", "inner"}, hook("outer"), hook("inner")),
		withRoutes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				c.BeforeHeaders(func() {
					c.Response().Header().Add("X-Out", "handler")
					c.BeforeHeaders(func() { c.Response().Header().Add("X-Out", "nested") })
				})
				return c.Text(200, "ok")
			})
			r.Get("/late", func(c *egg.Ctx) error {
				err := c.Text(200, "ok")
				c.BeforeHeaders(func() { lateRan = true })
				return err
			})
		}))
	w := serve(app, "GET", "/", nil)
	// innermost first, as Koa's code after next(); a hook added by a hook runs too
	if got := strings.Join(w.Result().Header.Values("X-Out"), ","); got != "handler,nested,inner,outer" {
		t.Errorf("hook order %s", got)
	}
	serve(app, "GET", "/late", nil)
	if lateRan {
		t.Error("a hook added after the headers went out ran")
	}
	mustContain(t, logs.String(), "BeforeHeaders hook added after the headers were sent", `"path":"/late"`)
}

// A standard middleware reaches the hook through egg.CtxFrom; an error
// response carries what the hook set.
func TestBeforeHeadersWithStdMiddlewareAndErrors(t *testing.T) {
	app := start(t,
		egg.Module("mw", egg.Middleware("std", func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c := egg.CtxFrom(r)
				c.BeforeHeaders(func() {
					if c.Status() >= 400 {
						c.SetHeader("Cache-Control", "no-store")
					}
				})
				next.ServeHTTP(w, r)
			})
		}), egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"std"} })),
		withRoutes(func(r *egg.Router) {
			r.Get("/ok", func(c *egg.Ctx) error { return c.Text(200, "ok") })
			r.Get("/bad", func(c *egg.Ctx) error { return errors.New("x") })
		}))
	if w := serve(app, "GET", "/ok", nil); w.Result().Header.Get("Cache-Control") != "" {
		t.Errorf("ok: %v", w.Result().Header)
	}
	if w := serve(app, "GET", "/bad", nil); w.Code != 500 || w.Result().Header.Get("Cache-Control") != "no-store" {
		t.Errorf("bad: %d %v", w.Code, w.Result().Header)
	}
}

// BeforeHeadersCtx hooks run in one list with BeforeHeaders hooks, the
// last added first, get the request's Ctx, and cost no allocation per
// request when the hook is made once.
func TestBeforeHeadersCtx(t *testing.T) {
	type stamper struct{ hook func(*egg.Ctx) }
	s := &stamper{}
	s.hook = func(c *egg.Ctx) {
		c.SetHeader("X-Order", c.Response().Header().Get("X-Order")+"ctx,")
		c.SetHeader("X-Status", strconv.Itoa(c.Status()))
	}
	app := start(t,
		withMiddleware([]string{"outer", "stamp", "inner"},
			func(c *egg.Ctx, next func() error) error {
				c.BeforeHeaders(func() { c.SetHeader("X-Order", c.Response().Header().Get("X-Order")+"outer,") })
				return next()
			},
			func(c *egg.Ctx, next func() error) error {
				c.BeforeHeadersCtx(s.hook)
				return next()
			},
			func(c *egg.Ctx, next func() error) error {
				c.BeforeHeaders(func() { c.SetHeader("X-Order", c.Response().Header().Get("X-Order")+"inner,") })
				return next()
			}),
		withRoutes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error { return c.Text(http.StatusAccepted, "ok") })
			r.Get("/nothing", func(c *egg.Ctx) error { return nil })
		}))
	w := serve(app, "GET", "/", nil)
	if got := w.Result().Header.Get("X-Order"); got != "inner,ctx,outer," {
		t.Errorf("hook order %q, want inner,ctx,outer,", got)
	}
	if got := w.Result().Header.Get("X-Status"); got != "202" {
		t.Errorf("status seen by the hook %q, want 202", got)
	}
	if w := serve(app, "GET", "/nothing", nil); w.Result().Header.Get("X-Status") != "200" {
		t.Errorf("a response that wrote nothing: X-Status %q, want 200", w.Result().Header.Get("X-Status"))
	}
}

func TestBeforeHeadersCtxAllocatesNothing(t *testing.T) {
	hook := func(c *egg.Ctx) { c.Response().Header()["X-Hook"] = hookValue }
	app := start(t, egg.Env("prod"),
		withMiddleware([]string{"stamp"}, func(c *egg.Ctx, next func() error) error {
			c.BeforeHeadersCtx(hook)
			return next()
		}),
		withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { return c.NoContent(http.StatusNoContent) }) }))
	without := start(t, egg.Env("prod"), // the same middleware, registering nothing
		withMiddleware([]string{"stamp"}, func(c *egg.Ctx, next func() error) error { return next() }),
		withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { return c.NoContent(http.StatusNoContent) }) }))
	measure := func(h http.Handler) float64 {
		r, _ := http.NewRequest("GET", "/", nil)
		w := &headerSink{h: http.Header{}}
		return testing.AllocsPerRun(200, func() { h.ServeHTTP(w, r); clear(w.h) })
	}
	if with, base := measure(app), measure(without); with > base {
		t.Errorf("a BeforeHeadersCtx hook made once costs %.1f allocations per request, without it %.1f", with, base)
	}
}

var hookValue = []string{"1"}

// headerSink is a ResponseWriter that keeps nothing but its header map.
type headerSink struct{ h http.Header }

func (s *headerSink) Header() http.Header         { return s.h }
func (s *headerSink) Write(b []byte) (int, error) { return len(b), nil }
func (s *headerSink) WriteHeader(int)             {}
