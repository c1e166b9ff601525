package meta_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/meta"
	"github.com/egg-go/egg/modules/onerror"
	"go.uber.org/fx"
)

// routes is the app under test.
var routes = egg.Routes(func(r *egg.Router) {
	r.Get("/hello", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "hello") })
	r.Get("/empty", func(c *egg.Ctx) error { return nil }) // writes nothing: net/http sends 200
	r.Get("/fail", func(c *egg.Ctx) error { return errors.New("db down") })
	r.Get("/teapot", func(c *egg.Ctx) error { return egg.NewError(http.StatusTeapot, "tea", "short and stout") })
	r.Get("/panic", func(c *egg.Ctx) error { panic("boom") })
	r.Get("/slow", func(c *egg.Ctx) error {
		time.Sleep(25 * time.Millisecond)
		return c.Text(http.StatusOK, "slow")
	})
	r.Get("/close", func(c *egg.Ctx) error {
		c.SetHeader("Connection", "close")
		return c.Text(http.StatusOK, "bye")
	})
	r.Get("/stream", func(c *egg.Ctx) error {
		if _, err := c.Response().Write([]byte("part 1\n")); err != nil {
			return err
		}
		if err := http.NewResponseController(c.Response()).Flush(); err != nil {
			return err
		}
		_, err := c.Response().Write([]byte("part 2\n"))
		return err
	})
})

// readtime checks that the response has X-Readtime, a whole number of
// milliseconds, and returns it.
func readtime(t *testing.T, res *http.Response) int {
	t.Helper()
	v := res.Header.Get(meta.HeaderReadtime)
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s %s → %d: X-Readtime = %q, want a whole number of milliseconds", res.Request.Method, res.Request.URL, res.StatusCode, v)
	}
	return n
}

func TestReadtimeOnEveryResponse(t *testing.T) {
	app := eggtest.New(t, onerror.Module, meta.Module, routes)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/hello", 200},
		{"HEAD", "/hello", 200},
		{"GET", "/empty", 200},
		{"GET", "/nope", 404},
		{"POST", "/hello", 405},
		{"GET", "/teapot", 418},
		{"GET", "/fail", 500},
		{"GET", "/panic", 500},
		{"GET", "/stream", 200},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			res := app.WithT(t).Request(tc.method, tc.path).Do().Status(tc.status).Result()
			if n := readtime(t, res); n > 10_000 {
				t.Errorf("X-Readtime = %d ms for an in-memory request", n)
			}
		})
	}
}

func TestReadtimeCountsTheRequest(t *testing.T) {
	app := eggtest.New(t, meta.Module, routes)
	res := app.GET("/slow").Do().Status(200).Result()
	if n := readtime(t, res); n < 25 {
		t.Errorf("X-Readtime = %d for a handler that slept 25ms, want at least 25", n)
	}
}

// TestReadtimeOnPanicInMiddleware: a panic before any handler ran (in a
// plain middleware inside meta) is rendered by the kernel as a 500, which
// still carries X-Readtime.
func TestReadtimeOnPanicInMiddleware(t *testing.T) {
	boom := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("middleware boom") })
	}
	app := eggtest.New(t, onerror.Module, meta.Module, routes,
		egg.Module("boom", egg.Middleware("boom", boom)),
		egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"boom"} }))
	readtime(t, app.GET("/hello").Do().Status(500).Result())
}

// TestReadtimeWithoutMeta proves the checks above can fail: without the
// module there is no header.
func TestReadtimeWithoutMeta(t *testing.T) {
	app := eggtest.New(t, onerror.Module, routes)
	app.GET("/hello").Do().Status(200).NoHeader(meta.HeaderReadtime)
}

func TestRegisteredAsCoreMiddleware(t *testing.T) {
	app := eggtest.New(t, meta.Module, routes)
	if got := app.Middleware(); len(got) != 1 || got[0] != meta.Name {
		t.Errorf("middleware = %v, want [meta]", got)
	}
	off := eggtest.New(t, meta.Module, routes, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{meta.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/hello")}}}
	}))
	off.GET("/hello").Do().Status(200).NoHeader(meta.HeaderReadtime)
	readtime(t, off.GET("/nope").Do().Status(404).Result())
}

// TestResponseListenerSeesALiveWriter: after meta is done, the Ctx's
// writer is the one meta was given again, not meta's pooled wrapper, so a
// response listener reads this response's headers.
func TestResponseListenerSeesALiveWriter(t *testing.T) {
	type seen struct{ writer, readtime string }
	got := make(chan seen, 1)
	listen := egg.Module("listen", fx.Invoke(func(app *egg.App) {
		app.OnResponse(func(c *egg.Ctx) {
			got <- seen{fmt.Sprintf("%T", c.Response()), c.Response().Header().Get(meta.HeaderReadtime)}
		})
	}))
	app := eggtest.New(t, meta.Module, routes, listen)
	app.GET("/hello").Do().Status(200)
	s := <-got
	if s.writer == "*meta.stamp" {
		t.Errorf("c.Response() after the request is meta's pooled wrapper (%s)", s.writer)
	}
	if s.readtime == "" {
		t.Errorf("the response listener does not see X-Readtime on c.Response()")
	}
}

func TestLogging(t *testing.T) {
	app := eggtest.New(t, meta.Module, routes, egg.Configure(func(c *meta.Config) { c.Logging = true }))
	app.GET("/hello").Header("User-Agent", "probe/1").Do().Status(200)
	app.ExpectLog(`msg="request started"`)
	app.ExpectLog(`user_agent=probe/1`)

	quiet := eggtest.New(t, meta.Module, routes)
	quiet.GET("/hello").Do().Status(200)
	quiet.NotExpectLog("request started")
}

func TestEnv(t *testing.T) {
	t.Setenv("META_LOGGING", "true")
	t.Setenv("META_KEEP_ALIVE", "false")
	var cfg meta.Config
	eggtest.New(t, meta.Module, fx.Populate(&cfg))
	if !cfg.Logging || cfg.KeepAlive {
		t.Errorf("config from env = %+v, want Logging on and KeepAlive off", cfg)
	}
}

func TestWithoutEgg(t *testing.T) {
	m := meta.New(meta.DefaultConfig())
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		http.NotFound(w, r)
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if n := readtime(t, res); n < 5 {
		t.Errorf("X-Readtime = %d, want at least 5", n)
	}
	if res.Header.Get("Keep-Alive") != "" {
		t.Errorf("Keep-Alive = %q without SetIdleTimeout, want none", res.Header.Get("Keep-Alive"))
	}
}
