package eggtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
)

// App is a started egg app under test (Egg's mm.app). It embeds *egg.App,
// so everything the app offers (Router, Configs, Routes, NewContext,
// ServeHTTP, ...) is at hand, and adds request builders, an anonymous
// context and log checks, all reporting to the test it was made with.
type App struct {
	*egg.App
	t      testing.TB
	logs   *logSink
	header http.Header    // sent with every request (WithHeader); never changed once set
	jar    http.CookieJar // nil unless WithCookieJar
}

// New builds the app from opts in the unittest env and starts it: every
// boot phase runs, but nothing listens (requests are served in memory; add
// egg.WithServer to listen as well). The app stops when the test ends. A
// build or start error fails the test at once with egg's message.
//
// opts are what main gives egg.Run (modules.Default(), the app's modules,
// config) plus anything the test needs: Replace, fx.Replace or fx.Decorate
// with fakes, egg.Configure, egg.Routes, fx.Populate. Later options win,
// so egg.Env in opts overrides unittest. A top-level fx.Replace,
// fx.Decorate or Replace that fx never applies (nothing in the app
// provides the type, or nothing uses it) fails the test, since the test
// would otherwise run against the real value without a word.
func New(t testing.TB, opts ...fx.Option) *App {
	t.Helper()
	a, err := Start(t, opts...)
	if err != nil {
		t.Fatalf("eggtest: the app did not start: %v", err)
	}
	return a
}

// Start is New for tests of failure paths: it returns the build or start
// error instead of failing the test. On error the returned App is nil, and
// whatever had started is already stopped (egg closes what it started); the
// app's logs still reach the test.
func Start(t testing.TB, opts ...fx.Option) (*App, error) {
	t.Helper()
	sink := newLogSink(t)
	t.Cleanup(sink.close) // registered first, so it runs after the app stops
	// in an env that dumps its config, the files go to a temp dir, not the package's
	runDir := filepath.Join(os.TempDir(), "eggtest-run-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	t.Cleanup(func() { _ = os.RemoveAll(runDir) })
	all := append(testDefaults(sink), egg.Configure(func(c *egg.AppConfig) { c.RunDir = runDir }))
	all = append(all, opts...)
	events := &fxEvents{}
	var app *egg.App
	fxApp := fxtest.New(reportsHere{t}, egg.Options(all...),
		fx.WithLogger(events.logger(slog.New(sink.handler()).With("logger", "egg"))),
		fx.Populate(&app))
	if err := fxApp.Err(); err != nil {
		return nil, egg.ExplainError(err)
	}
	if err := events.unapplied(); err != nil {
		return nil, err
	}
	if err := fxApp.Start(context.Background()); err != nil {
		return nil, egg.ExplainError(err)
	}
	t.Cleanup(func() {
		if err := fxApp.Stop(context.Background()); err != nil {
			t.Errorf("eggtest: the app did not stop cleanly: %v", egg.ExplainError(err))
		}
	})
	return &App{App: app, t: t, logs: sink}, nil
}

// testDefaults are the options every app under test starts from: the
// unittest env, and egg's own logging with eggtest's capture added as a
// handler (the console output discarded, since the capture passes lines
// to the test). The test's options come after them, so egg.Env,
// egg.LogOutput and egg.WithLogHandler in them work as in main.
func testDefaults(sink *logSink) []fx.Option {
	return []fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), egg.WithLogHandler(sink.handler())}
}

// reportsHere is the test as fxtest sees it, minus failing: fxtest.New
// fails the test with fx's raw error, while Start returns egg's one-line
// error and New fails with that.
type reportsHere struct{ testing.TB }

func (reportsHere) Errorf(string, ...any) {}
func (reportsHere) FailNow()              {}

// WithT returns the same app reporting to t: use it in subtests, so that a
// failed expectation fails the subtest that made the request.
func (a *App) WithT(t testing.TB) *App {
	c := *a
	c.t = t
	return &c
}

// T returns the test the app reports to.
func (a *App) T() testing.TB { return a.t }

// Ctx returns an anonymous context (Egg's app.mockContext /
// createAnonymousContext) for service tests: a GET / request with no
// client and a fresh scope of request-scoped services, canceled when the
// test ends. Each call returns a new context with a new scope.
func (a *App) Ctx() *egg.Ctx {
	return a.NewContext(a.t.Context())
}

// Request starts a request with any method; see GET.
func (a *App) Request(method, path string) *Request {
	return &Request{app: a, method: method, target: path, header: http.Header{}}
}

// GET starts a GET request to path, which may carry a query string
// ("/api/users?page=2"). Finish it with Do.
func (a *App) GET(path string) *Request { return a.Request(http.MethodGet, path) }

// HEAD starts a HEAD request; the response has no body.
func (a *App) HEAD(path string) *Request { return a.Request(http.MethodHead, path) }

// POST starts a POST request; add a body with JSON, Form or Body.
func (a *App) POST(path string) *Request { return a.Request(http.MethodPost, path) }

// PUT starts a PUT request.
func (a *App) PUT(path string) *Request { return a.Request(http.MethodPut, path) }

// PATCH starts a PATCH request.
func (a *App) PATCH(path string) *Request { return a.Request(http.MethodPatch, path) }

// DELETE starts a DELETE request.
func (a *App) DELETE(path string) *Request { return a.Request(http.MethodDelete, path) }

// OPTIONS starts an OPTIONS request.
func (a *App) OPTIONS(path string) *Request { return a.Request(http.MethodOptions, path) }
