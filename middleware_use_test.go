package egg_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// tagModule registers middleware that add their name to X-Tags.
func tagModule(names ...string) fx.Option {
	var opts []fx.Option
	for _, n := range names {
		opts = append(opts, egg.Middleware(n, func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Add("X-Tags", n)
				next.ServeHTTP(w, r)
			})
		}))
	}
	return egg.Module("tags", opts...)
}

func tags(app http.Handler, path string) string {
	return strings.Join(serve(app, "GET", path, nil).Header().Values("X-Tags"), ",")
}

// The friction item of issue 8: one line turns on a named middleware with
// Egg's match / ignore / enable.
func TestUseMiddlewareInOneLine(t *testing.T) {
	app := start(t, tagModule("auth", "gzip", "audit", "off", "re"),
		egg.Framework("base",
			egg.UseMiddleware("re", egg.Enable(false)), // a framework switches one off...
		),
		withRoutes(func(r *egg.Router) { r.Get("/*", text("ok")) }),
		egg.UseMiddleware("auth", egg.Match("/api")),
		egg.UseMiddleware("gzip", egg.Ignore("/stream", "/health")),
		egg.UseMiddleware("audit", egg.MatchFunc(egg.PathRegexp(regexp.MustCompile(`^/admin/\d+$`)),
			func(r *http.Request) bool { return r.Header.Get("X-Audit") != "" })),
		egg.UseMiddleware("off", egg.Enable(false)),
		egg.UseMiddleware("re"),                        // ...the app switches it back on
		egg.UseMiddleware("auth", egg.Match("/admin")), // options add up, the name is listed once
	)
	tests := map[string]string{
		"/api/users": "re,auth,gzip",
		"/apis":      "re,gzip",
		"/admin/7":   "re,auth,gzip,audit",
		"/stream":    "re",
		"/health/x":  "re",
		"/":          "re,gzip",
	}
	for path, want := range tests {
		if got := tags(app, path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	if got := app.Middleware(); !slices.Equal(got, []string{"re", "auth", "gzip", "audit", "off"}) {
		t.Errorf("chain %v", got)
	}
}

// HTTPConfig.Use is the same inside Configure and ConfigureEnv; a name
// the framework already lists is not listed again.
func TestHTTPConfigUse(t *testing.T) {
	opts := []fx.Option{tagModule("auth", "core"),
		egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "core") }),
		withRoutes(func(r *egg.Router) { r.Get("/*", text("ok")) }),
		egg.Configure(func(c *egg.HTTPConfig) { c.Use("core", egg.Ignore("/public")) }),
		egg.ConfigureEnv("prod", func(c *egg.HTTPConfig) { c.Use("auth") }),
	}
	app := start(t, opts...)
	if got := app.Middleware(); !slices.Equal(got, []string{"core"}) {
		t.Errorf("unittest chain %v", got)
	}
	if got := tags(app, "/public/a"); got != "" {
		t.Errorf("ignored path: %q", got)
	}
	prod := start(t, append(opts, egg.Env("prod"))...)
	if got := prod.Middleware(); !slices.Equal(got, []string{"core", "auth"}) {
		t.Errorf("prod chain %v", got)
	}
}

// Mistakes fail start-up with the usual messages.
func TestUseMiddlewareMistakes(t *testing.T) {
	err := newErr(t, tagModule("auth"), egg.UseMiddleware("auth", egg.Match("/api"), egg.Ignore("/api/public")))
	mustContain(t, err.Error(), "middleware auth sets both Match and Ignore")
	err = newErr(t, tagModule("auth"), egg.UseMiddleware("authz"))
	mustContain(t, err.Error(), `middleware "authz" is listed in HTTPConfig but no module registers it`)
}
