package i18n_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map,
// so that benchmarks count the module's allocations, not a recorder's.
type sink struct {
	h    http.Header
	body []byte
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { s.body = append(s.body[:0], b...); return len(b), nil }
func (s *sink) WriteHeader(int)             {}

// benchApp starts an egg app in prod on testdata/app whose GET /x runs h.
func benchApp(b *testing.B, h egg.HandlerFunc, opts ...fx.Option) http.Handler {
	route := egg.Routes(func(r *egg.Router) { r.Get("/x", h) })
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(testBaseDir), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }), route}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = app.Stop(context.Background()) })
	return app
}

// loop serves r b.N times; the body must be want (checked once, so the
// benchmark never measures a wrong answer).
func loop(b *testing.B, h http.Handler, r *http.Request, want string) {
	w := &sink{h: http.Header{}}
	h.ServeHTTP(w, r)
	if string(w.body) != want {
		b.Fatalf("body %q, want %q", w.body, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

func text(f func(c *egg.Ctx) string) egg.HandlerFunc {
	return func(c *egg.Ctx) error { return c.Text(http.StatusOK, f(c)) }
}

// BenchmarkT: one translation in a request, by how the locale is chosen
// and by kind of message. "untranslated" is the same request whose
// handler does not translate: the difference is the translation's cost.
func BenchmarkT(b *testing.B) {
	get := func(target string, header ...string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		return r
	}
	accept := []string{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"}
	hello := text(func(c *egg.Ctx) string { return i18n.T(c, "hello") })
	for _, bc := range []struct {
		name string
		h    egg.HandlerFunc
		r    *http.Request
		want string
	}{
		{"untranslated", text(func(*egg.Ctx) string { return "你好" }), get("/x", accept...), "你好"},
		{"accept-language", hello, get("/x", accept...), "你好"},
		{"cookie", hello, get("/x", "Cookie", "locale=zh-CN; other=1"), "你好"},
		{"query", hello, get("/x?locale=zh-CN", "Cookie", "locale=zh-CN"), "你好"},
		{"default", hello, get("/x"), "Hello"},
		{"template", text(func(c *egg.Ctx) string { return i18n.T(c, "greeting", "Name", "Ann") }), get("/x", accept...), "你好，Ann"},
		{"plural", text(func(c *egg.Ctx) string { return i18n.Plural(c, "apples", 3) }), get("/x", accept...), "3 个苹果"},
		{"gettext", text(func(c *egg.Ctx) string { return i18n.Gettext(c, "Hello %s", "Ann") }), get("/x", accept...), "你好，Ann"},
		{"three", text(func(c *egg.Ctx) string { // the locale resolves once
			return i18n.T(c, "hello") + i18n.T(c, "nav.home") + i18n.Locale(c)
		}), get("/x", accept...), "你好首页zh-CN"},
	} {
		b.Run(bc.name, func(b *testing.B) { loop(b, benchApp(b, bc.h, i18n.Module), bc.r, bc.want) })
	}
}

// BenchmarkUntouched: a request whose handler never translates, through
// an app without the module and with it (its middleware in the chain):
// the module must cost next to nothing, and no allocation.
func BenchmarkUntouched(b *testing.B) {
	h := text(func(*egg.Ctx) string { return "Hello World" })
	r := httptest.NewRequest(http.MethodGet, "/x?page=2", nil)
	r.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	r.Header.Set("Cookie", "locale=zh-CN")
	b.Run("egg", func(b *testing.B) { loop(b, benchApp(b, h), r, "Hello World") })
	b.Run("egg+i18n", func(b *testing.B) { loop(b, benchApp(b, h, i18n.Module), r, "Hello World") })
}

// BenchmarkTCall: one more T on a context whose locale is already
// resolved (here an anonymous context, as a schedule has): the per-call
// cost of the module lookup, the scope slot and the message table.
func BenchmarkTCall(b *testing.B) {
	app, err := egg.New(egg.Env("prod"), egg.BaseDir(testBaseDir), egg.LogOutput(io.Discard), i18n.Module,
		egg.Configure(func(c *i18n.Config) { c.DefaultLocale = "zh-CN" }))
	if err != nil {
		b.Fatal(err)
	}
	c := app.NewContext(context.Background())
	if got := i18n.T(c, "hello"); got != "你好" {
		b.Fatalf("T = %q", got)
	}
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			i18n.T(c, "hello")
		}
	})
	b.Run("locale", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			i18n.Locale(c)
		}
	})
	b.Run("funcmap t", func(b *testing.B) { // what a template pays per {{t "hello"}}
		t := i18n.FuncMap(c)[i18n.FuncT].(func(string, ...any) string)
		b.ReportAllocs()
		for b.Loop() {
			t("hello")
		}
	})
}
