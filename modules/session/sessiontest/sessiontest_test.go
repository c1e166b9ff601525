package sessiontest_test

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// fatalT records the first Fatalf and stops the goroutine, as testing.T does.
type fatalT struct {
	testing.TB
	msg string
}

func (f *fatalT) Helper() {}
func (f *fatalT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// fails runs fn with a fatalT and returns what it failed with.
func fails(t *testing.T, fn func(tb testing.TB)) string {
	ft := &fatalT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(ft)
	}()
	<-done
	return ft.msg
}

func newApp(t *testing.T) *eggtest.App {
	return eggtest.New(t, session.Module, egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"k-0123456789"} }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/hello", func(c *egg.Ctx) error { return c.Text(200, "hi") })
			r.Post("/set", func(c *egg.Ctx) error { return session.Get(c).Set("a", c.Query("a")) })
		}))
}

func TestRead(t *testing.T) {
	app := newApp(t)
	res := app.POST("/set?a=x").Do().Status(200).Result()
	s := sessiontest.Read(t, app, res)
	if v, _ := session.Value[string](s, "a"); v != "x" {
		t.Errorf("Read: a = %q", v)
	}
	if ck := sessiontest.SetCookie(t, app, res); ck == nil || ck.Name != "EGG_SESS" {
		t.Errorf("SetCookie: %v", ck)
	}
}

func TestReadFailures(t *testing.T) {
	app := newApp(t)
	msg := fails(t, func(tb testing.TB) { sessiontest.Read(tb, app, app.GET("/hello").Do().Result()) })
	if !strings.Contains(msg, "sets no EGG_SESS cookie") {
		t.Errorf("no cookie: %q", msg)
	}
	bad := &http.Response{Header: http.Header{"Set-Cookie": {"EGG_SESS=forged; Path=/"}}}
	msg = fails(t, func(tb testing.TB) { sessiontest.Read(tb, app, bad) })
	if !strings.Contains(msg, "does not decode") {
		t.Errorf("forged cookie: %q", msg)
	}
	deleted := &http.Response{Header: http.Header{"Set-Cookie": {"EGG_SESS=; Path=/; Max-Age=0"}}}
	if s := sessiontest.Read(t, app, deleted); !s.IsNew() || s.Len() != 0 {
		t.Errorf("deleted cookie: %d values", s.Len())
	}
}

func TestNoModule(t *testing.T) {
	app := eggtest.New(t)
	msg := fails(t, func(tb testing.TB) { sessiontest.Cookie(tb, app, map[string]any{"a": 1}) })
	if !strings.Contains(msg, "no session module") {
		t.Errorf("without the module: %q", msg)
	}
}

func TestCookieFailures(t *testing.T) {
	app := newApp(t)
	msg := fails(t, func(tb testing.TB) { sessiontest.Cookie(tb, app, map[string]any{"f": func() {}}) })
	if !strings.Contains(msg, "does not encode as JSON") {
		t.Errorf("unencodable value: %q", msg)
	}
	msg = fails(t, func(tb testing.TB) { sessiontest.Cookie(tb, app, map[string]any{"big": strings.Repeat("x", 5000)}) })
	if !strings.Contains(msg, "4096") {
		t.Errorf("too large: %q", msg)
	}
}
