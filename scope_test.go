package egg_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

type store struct{ users map[int]string }

type userService struct {
	store *store
	c     *egg.Ctx
	n     int
}

type auditService struct{ users *userService }

func newUserService(s *store) func(*egg.Ctx) *userService {
	built := 0
	return func(c *egg.Ctx) *userService {
		built++
		return &userService{store: s, c: c, n: built}
	}
}

func scopedModule() fx.Option {
	return egg.Module("svc",
		fx.Provide(func() *store { return &store{users: map[int]string{1: "ada"}} }),
		egg.Scoped[*userService](newUserService),
		egg.Scoped[*auditService](func(c *egg.Ctx) *auditService {
			return &auditService{users: egg.Use[*userService](c)} // a scoped service using another
		}),
	)
}

type usersCtl struct{ svc *egg.Service[*userService] }

func TestScopedServicesOncePerRequest(t *testing.T) {
	app := start(t, scopedModule(),
		fx.Provide(func(s *egg.Service[*userService]) *usersCtl { return &usersCtl{svc: s} }),
		withRoutes(func(r *egg.Router, ctl *usersCtl) {
			r.Get("/", func(c *egg.Ctx) error {
				a, b := ctl.svc.Get(c), egg.Use[*userService](c)
				audit := egg.Use[*auditService](c)
				same := a == b && audit.users == a && egg.Use[*auditService](c) == audit && a.c == c
				return c.Text(200, jsonString(same)+" "+jsonString(a.n)+" "+a.store.users[1])
			})
		}))
	if w := serve(app, "GET", "/", nil); w.Body.String() != "true 1 ada" {
		t.Errorf("first request: %q", w.Body.String())
	}
	if w := serve(app, "GET", "/", nil); w.Body.String() != "true 2 ada" {
		t.Errorf("second request must build a new instance: %q", w.Body.String())
	}
}

func TestAnonymousContextHasItsOwnScope(t *testing.T) {
	app := start(t, scopedModule())
	c1, c2 := app.NewContext(context.Background()), app.NewContext(context.Background())
	u1 := egg.Use[*userService](c1)
	if egg.Use[*userService](c1) != u1 || egg.Use[*userService](c2) == u1 {
		t.Error("each anonymous context has one instance of its own")
	}
	if c1.Path() != "/" || c1.Method() != "GET" || c1.IP() != "127.0.0.1" {
		t.Errorf("anonymous request: %s %s %s", c1.Method(), c1.Path(), c1.IP())
	}
	ctx, cancel := context.WithCancel(context.Background())
	c3 := app.NewContext(ctx)
	cancel()
	if c3.Err() == nil {
		t.Error("the anonymous context carries the given context")
	}
	c1.Logger().Info("works outside requests")
}

type cycA struct{}
type cycB struct{}

func TestScopedCycleIsReported(t *testing.T) {
	app := start(t,
		egg.Module("cyc",
			egg.Scoped[*cycA](func(c *egg.Ctx) *cycA { egg.Use[*cycB](c); return &cycA{} }),
			egg.Scoped[*cycB](func(c *egg.Ctx) *cycB { egg.Use[*cycA](c); return &cycB{} }),
		),
		withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { egg.Use[*cycA](c); return nil }) }),
	)
	w := serve(app, "GET", "/", nil)
	if w.Code != 500 {
		t.Errorf("cycle: %d", w.Code)
	}
	defer func() {
		p := recover()
		if p == nil || !strings.Contains(p.(string), "*egg_test.cycA → *egg_test.cycB → *egg_test.cycA") {
			t.Errorf("panic %v", p)
		}
	}()
	egg.Use[*cycA](app.NewContext(context.Background()))
}

func TestScopedMisuse(t *testing.T) {
	err := newErr(t, scopedModule(), fx.Invoke(func(u *userService) {}))
	mustContain(t, err.Error(), "*egg_test.userService is request-scoped", "inject *egg.Service[*egg_test.userService]")

	err = newErr(t, egg.Module("m", egg.Scoped[*userService](func() int { return 1 })))
	mustContain(t, err.Error(), "egg.Scoped[*egg_test.userService](func() int)", "pass a constructor returning func(*egg.Ctx) *egg_test.userService")

	app := start(t)
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "Use[*egg_test.userService]: no request-scoped service") {
			t.Errorf("panic %v", p)
		}
	}()
	egg.Use[*userService](app.NewContext(context.Background()))
}

type appHelper struct{ *egg.Helper }

func (h appHelper) Shout(s string) string { return strings.ToUpper(h.Escape(s)) }

func TestHelperAndCustomHelpers(t *testing.T) {
	app := start(t,
		egg.Configure(func(c *egg.HTTPConfig) { c.Proxy = true }),
		egg.Scoped[appHelper](func(c *egg.Ctx) appHelper { return appHelper{c.Helper()} }),
		withRoutes(func(r *egg.Router) {
			r.Get("/users/:id", func(c *egg.Ctx) error {
				h := c.Helper()
				return c.Text(200, strings.Join([]string{
					h.PathFor("user", map[string]any{"id": 9}), h.URLFor("user", map[string]any{"id": 9, "tab": "a b"}),
					h.URLFor("ghost", nil), egg.Use[appHelper](c).Shout("<x>"),
				}, " "))
			}).Name("user")
		}))
	w := serve(app, "GET", "/users/1", nil, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example")
	if got := w.Body.String(); got != "/users/9 https://shop.example/users/9?tab=a%20b  &LT;X&GT;" {
		t.Errorf("%q", got)
	}
	c := app.NewContext(context.Background())
	fm := c.Helper().Funcs()
	if fm["pathFor"].(func(string, ...any) string)("user", "id", 3) != "/users/3" {
		t.Error("template pathFor")
	}
	if c.Helper().Ctx() != c {
		t.Error("Helper.Ctx")
	}
}
