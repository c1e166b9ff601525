package egg_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

type tokenUser struct{ name string }

// TestServiceSet: a middleware sets a request-scoped value; handlers get
// it without the factory, which still serves requests the middleware
// skipped, and the next request starts empty.
func TestServiceSet(t *testing.T) {
	built := 0
	app := start(t, scopedModule(), egg.Module("auth",
		egg.Scoped[*tokenUser](func(*egg.Ctx) *tokenUser { built++; return &tokenUser{name: "anonymous"} }),
		egg.Middleware("auth", func(h *egg.Service[*tokenUser]) func(http.Handler) http.Handler {
			return func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if name := r.Header.Get("X-User"); name != "" {
						h.Set(egg.CtxFrom(r), &tokenUser{name: name})
					}
					next.ServeHTTP(w, r)
				})
			}
		}),
		egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = append(c.Middleware, "auth") }),
	), withRoutes(func(r *egg.Router, h *egg.Service[*tokenUser]) {
		r.Get("/", func(c *egg.Ctx) error {
			u := egg.Use[*tokenUser](c)
			same := h.Get(c) == u && egg.Use[*userService](c) != nil // other services still build
			return c.Text(200, u.name+" "+jsonString(same))
		})
	}))
	if w := serve(app, "GET", "/", nil, "X-User", "ada"); w.Body.String() != "ada true" || built != 0 {
		t.Errorf("set by the middleware: %q, factory ran %d times", w.Body.String(), built)
	}
	if w := serve(app, "GET", "/", nil); w.Body.String() != "anonymous true" || built != 1 {
		t.Errorf("not set: %q, factory ran %d times", w.Body.String(), built)
	}
}

// TestServiceSetReplaces: Set after a build, and twice, keeps the last
// value; an anonymous context works too.
func TestServiceSetReplaces(t *testing.T) {
	var h *egg.Service[*userService]
	app := start(t, scopedModule(), fx.Populate(&h))
	c := app.NewContext(context.Background())
	built := h.Get(c)
	a, b := &userService{n: 100}, &userService{n: 200}
	h.Set(c, a)
	if h.Get(c) != a || egg.Use[*userService](c) != a || built == a {
		t.Error("Set after a build does not replace the built value")
	}
	h.Set(c, b)
	if h.Get(c) != b {
		t.Error("a second Set does not replace the first")
	}
	fresh := app.NewContext(context.Background())
	h.Set(fresh, a)
	if egg.Use[*userService](fresh) != a || egg.Use[*auditService](fresh).users != a {
		t.Error("Set on a fresh scope: another service does not see the value")
	}
}
