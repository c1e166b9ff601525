package egg_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// upper is a stdlib middleware that wraps the writer, as gzip or an etag
// middleware does.
type upperWriter struct{ http.ResponseWriter }

func (u upperWriter) Write(b []byte) (int, error) {
	return u.ResponseWriter.Write([]byte(strings.ToUpper(string(b))))
}

type ctxKeyT struct{}

func TestStdMiddlewareWrappingWriterAndContext(t *testing.T) {
	wrap := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.WithContext(context.WithValue(r.Context(), ctxKeyT{}, "from-mw"))
			next.ServeHTTP(upperWriter{w}, r)
		})
	}
	app := start(t,
		egg.Module("m", egg.Middleware("upper", wrap),
			egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"upper"} })),
		withRoutes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				v1, _ := c.Value(ctxKeyT{}).(string)
				v2, _ := c.Request().Context().Value(ctxKeyT{}).(string)
				if egg.CtxFrom(c.Request()) != c {
					return c.Text(500, "lost the ctx")
				}
				return c.Text(200, "hi "+v1+" "+v2)
			})
			r.Get("/err", func(c *egg.Ctx) error { return c.Throw(400, "bad") })
		}))
	if w := serve(app, "GET", "/", nil); w.Body.String() != "HI FROM-MW FROM-MW" || w.Code != 200 {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
	if w := serve(app, "GET", "/err", nil); w.Body.String() != "BAD" || w.Code != 400 {
		t.Errorf("errors are rendered through the wrapped writer too: %d %q", w.Code, w.Body.String())
	}
}

func TestEggOptionsInsideFxOptions(t *testing.T) {
	var port int
	start(t, fx.Options(
		fx.Options(egg.Configure(func(c *egg.ServerConfig) { c.Port = 1234 })),
		egg.Module("m", fx.Options(fx.Invoke(func(c egg.ServerConfig) { port = c.Port }))),
	))
	if port != 1234 {
		t.Errorf("egg options inside fx.Options were dropped: port %d", port)
	}
}

type listDefaults struct {
	Names []string
	Tags  map[string]string
}

func TestConfigDefaultsAreNotShared(t *testing.T) {
	m := egg.Module("lists", egg.Config(listDefaults{Names: []string{"a"}, Tags: map[string]string{"k": "v"}}))
	var first, second listDefaults
	start(t, m, egg.Configure(func(c *listDefaults) { c.Names[0] = "changed"; c.Tags["k"] = "changed" }),
		fx.Invoke(func(c listDefaults) { first = c }))
	start(t, m, fx.Invoke(func(c listDefaults) { second = c }))
	if first.Names[0] != "changed" || second.Names[0] != "a" || second.Tags["k"] != "v" {
		t.Errorf("first %+v second %+v", first, second)
	}
}

type funcHook func() error

func (f funcHook) DidLoad(context.Context) error { return f() }

func TestFuncTypedBootObject(t *testing.T) {
	ran := false
	start(t, egg.Module("m", egg.Boot(funcHook(func() error { ran = true; return nil }))))
	if !ran {
		t.Error("a func type with hook methods is a boot object")
	}
}
