package egg_test

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// trace records the onion order in a response header.
func stdTrace(name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("X-Trace", name+">")
			next.ServeHTTP(w, r)
			if c := egg.CtxFrom(r); c != nil {
				c.Set(name, true)
			}
		})
	}
}

func koaTrace(name string, out *[]string) egg.KoaMiddleware {
	return func(c *egg.Ctx, next func() error) error {
		c.Response().Header().Add("X-Trace", name+">")
		err := next()
		*out = append(*out, "<"+name)
		return err
	}
}

func TestMiddlewareOnionOrderMixingForms(t *testing.T) {
	var out []string
	app := start(t,
		egg.Module("mw",
			egg.Middleware("a", stdTrace("a")),
			egg.Middleware("b", koaTrace("b", &out)),
			egg.Middleware("c", func() (func(http.Handler) http.Handler, error) { return stdTrace("c"), nil }),
			egg.Middleware("d", func(c *egg.Ctx, next func() error) error { return koaTrace("d", &out)(c, next) }),
			egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = []string{"b", "a"} }),
			egg.Routes(func(r *egg.Router) {
				r.Get("/", func(c *egg.Ctx) error { out = append(out, "handler"); return c.Text(200, "ok") })
			}),
		),
		egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"d", "c"} }),
	)
	w := serve(app, "GET", "/", nil)
	if got := strings.Join(w.Header().Values("X-Trace"), ""); got != "b>a>d>c>" {
		t.Errorf("in order %s, want b>a>d>c>", got)
	}
	if got := strings.Join(out, " "); got != "handler <d <b" {
		t.Errorf("out order %s", got)
	}
	if got := strings.Join(app.Middleware(), ","); got != "b,a,d,c" {
		t.Errorf("chain %s", got)
	}
}

func TestMiddlewareEnableMatchIgnore(t *testing.T) {
	app := start(t,
		egg.Module("mw",
			egg.Middleware("api", stdTrace("api")),
			egg.Middleware("notstatic", stdTrace("notstatic")),
			egg.Middleware("off", stdTrace("off")),
			egg.Middleware("re", stdTrace("re")),
			egg.Middleware("fn", stdTrace("fn")),
			egg.Routes(func(r *egg.Router) { r.All("/*", text("ok")) }),
		),
		egg.Configure(func(c *egg.HTTPConfig) {
			c.Middleware = []string{"api", "notstatic", "off", "re", "fn"}
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
				"api":       {Match: []egg.Matcher{egg.PathPrefix("/api")}},
				"notstatic": {Ignore: []egg.Matcher{egg.PathPrefix("/public/")}},
				"off":       {Disable: true},
				"re":        {Match: []egg.Matcher{egg.PathRegexp(regexp.MustCompile(`\.json$`))}},
				"fn":        {Match: []egg.Matcher{func(r *http.Request) bool { return r.Header.Get("X-Fn") == "1" }}},
			}
		}),
	)
	tests := []struct {
		path, hdr, want string
	}{
		{"/api/users", "", "api>notstatic>"},
		{"/api", "", "api>notstatic>"},
		{"/apis", "", "notstatic>"},
		{"/public/a.css", "", ""},
		{"/data.json", "1", "notstatic>re>fn>"},
	}
	for _, tt := range tests {
		w := serve(app, "GET", tt.path, nil, "X-Fn", tt.hdr)
		if got := strings.Join(w.Header().Values("X-Trace"), ""); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.path, got, tt.want)
		}
	}
}

func TestMiddlewareWiringErrors(t *testing.T) {
	noop := func(next http.Handler) http.Handler { return next }
	tests := []struct {
		name string
		opts []fx.Option
		want []string
	}{
		{"unknown name", []fx.Option{egg.Module("m", egg.Middleware("a", noop)),
			egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"gzip"} })},
			[]string{`middleware "gzip" is listed in HTTPConfig but no module registers it (registered: a)`}},
		{"listed twice", []fx.Option{egg.Module("m", egg.Middleware("a", noop)),
			egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = []string{"a"}; c.Middleware = []string{"a"} })},
			[]string{`middleware "a" is listed twice`}},
		{"registered twice", []fx.Option{egg.Module("m1", egg.Middleware("a", noop)), egg.Module("m2", egg.Middleware("a", noop))},
			[]string{`middleware "a" is registered twice, by module "m1"`, `and module "m2"`}},
		{"options for unknown", []fx.Option{egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"ghost": {}}
		})}, []string{`MiddlewareOptions names middleware "ghost"`}},
		{"match and ignore", []fx.Option{egg.Module("m", egg.Middleware("a", noop)), egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"a": {Match: []egg.Matcher{egg.PathPrefix("/")}, Ignore: []egg.Matcher{egg.PathPrefix("/")}}}
		})}, []string{"sets both Match and Ignore"}},
		{"wrong type", []fx.Option{egg.Module("m", egg.Middleware("a", 42))},
			[]string{`egg.Middleware("a", int)`, "pass func(http.Handler) http.Handler"}},
		{"constructor error", []fx.Option{egg.Module("m", egg.Middleware("a", func() (func(http.Handler) http.Handler, error) {
			return nil, errors.New("no template dir")
		}))}, []string{"no template dir"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustContain(t, newErr(t, tt.opts...).Error(), tt.want...)
		})
	}
}

func TestKoaMiddlewareErrors(t *testing.T) {
	var seen []error
	denied := errors.New("denied")
	app := start(t,
		egg.Module("mw",
			egg.Middleware("auth", egg.KoaMiddleware(func(c *egg.Ctx, next func() error) error {
				if c.Header("Authorization") == "" {
					return egg.NewError(401, "credentials_required", "no token")
				}
				return next()
			})),
			egg.Middleware("observe", egg.KoaMiddleware(func(c *egg.Ctx, next func() error) error {
				err := next()
				seen = append(seen, err)
				return err // passing it on must not render it twice
			})),
			egg.Routes(func(r *egg.Router) {
				r.Get("/fail", func(c *egg.Ctx) error { return denied })
				r.Get("/ok", text("ok"))
			}),
			egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"observe", "auth"} }),
		),
	)
	if w := serve(app, "GET", "/ok", nil); w.Code != 401 || w.Body.String() != "no token" {
		t.Errorf("auth: %d %q", w.Code, w.Body.String())
	}
	if w := serve(app, "GET", "/ok", nil, "Authorization", "x"); w.Code != 200 {
		t.Errorf("authorized: %d", w.Code)
	}
	w := serve(app, "GET", "/fail", nil, "Authorization", "x")
	if w.Code != 500 || strings.Count(w.Body.String(), "Internal Server Error") != 1 {
		t.Errorf("error rendered once: %d %q", w.Code, w.Body.String())
	}
	if len(seen) != 3 || !errors.Is(seen[2], denied) {
		t.Errorf("outer middleware sees downstream errors: %v", seen)
	}
}
