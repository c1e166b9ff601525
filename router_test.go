package egg_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

func text(s string) egg.HandlerFunc {
	return func(c *egg.Ctx) error { return c.Text(200, s) }
}

func echoParam(name string) egg.HandlerFunc {
	return func(c *egg.Ctx) error { return c.Text(200, name+"="+c.Param(name)) }
}

func withRoutes(fn any) fx.Option { return egg.Module("routes", egg.Routes(fn)) }

func TestRouterVerbsAndParams(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/users/:id", echoParam("id"))
		r.Get("/posts/{slug}", echoParam("slug"))
		r.Get("/n/{n:[0-9]+}", echoParam("n"))
		r.Post("/things", text("post"))
		r.Put("/things", text("put"))
		r.Patch("/things", text("patch"))
		r.Delete("/things", text("delete"))
		r.Options("/things", text("options"))
		r.Head("/only-head", text("head"))
		r.All("/any", text("any"))
		r.Handle("GET", "/std", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("std")) }))
	}))
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/users/42", 200, "id=42"},
		{"GET", "/users/42/", 200, "id=42"}, // trailing slash optional
		{"GET", "/users/a%20b", 200, "id=a b"},
		{"GET", "/posts/hello-world", 200, "slug=hello-world"},
		{"GET", "/n/7", 200, "n=7"},
		{"GET", "/n/x", 404, "Not Found"},
		{"HEAD", "/users/1", 200, ""},
		{"POST", "/things", 200, "post"},
		{"PUT", "/things", 200, "put"},
		{"PATCH", "/things", 200, "patch"},
		{"DELETE", "/things", 200, "delete"},
		{"OPTIONS", "/things", 200, "options"},
		{"HEAD", "/only-head", 200, ""},
		{"PATCH", "/any", 200, "any"},
		{"GET", "/std", 200, "std"},
		{"GET", "/Users/42", 404, "Not Found"}, // case-sensitive, as Egg
		{"GET", "/nowhere", 404, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			w := serve(app, tt.method, tt.path, nil)
			if w.Code != tt.status || (tt.method != "HEAD" && w.Body.String() != tt.body) {
				t.Errorf("%d %q, want %d %q", w.Code, w.Body.String(), tt.status, tt.body)
			}
		})
	}
}

func TestMethodNotAllowedListsAllow(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/users/:id", text("get"))
		r.Delete("/users/:id", text("del"))
	}))
	w := serve(app, "POST", "/users/1", nil)
	if w.Code != 405 {
		t.Fatalf("status %d", w.Code)
	}
	if got := w.Header().Get("Allow"); got != "GET, HEAD, DELETE" {
		t.Errorf("Allow = %q", got)
	}
	if w := serve(app, "TRACE", "/users/1", nil); w.Code != 405 {
		t.Errorf("TRACE: %d", w.Code)
	}
}

func TestPerRouteMiddlewareGroupsAndMount(t *testing.T) {
	tag := func(v string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Add("X-Tag", v)
				next.ServeHTTP(w, r)
			})
		}
	}
	sub := http.NewServeMux()
	sub.HandleFunc("/legacy/hello", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("legacy " + r.URL.Path)) })
	app := start(t, withRoutes(func(r *egg.Router) {
		r.With(tag("one")).Get("/tagged", text("t"))
		r.Get("/plain", text("p"))
		r.Group("/api/v1", func(r *egg.Router) {
			r = r.With(tag("api"))
			r.Get("/ping", text("pong"))
			r.Prefix("/admin").With(tag("admin")).Get("/stats", text("stats"))
		})
		r.Mount("/legacy", sub)
	}))
	check := func(path, body, tags string) {
		t.Helper()
		w := serve(app, "GET", path, nil)
		if w.Body.String() != body || strings.Join(w.Header().Values("X-Tag"), ",") != tags {
			t.Errorf("%s: %d %q tags %v", path, w.Code, w.Body.String(), w.Header().Values("X-Tag"))
		}
	}
	check("/tagged", "t", "one")
	check("/plain", "p", "")
	check("/api/v1/ping", "pong", "api")
	check("/api/v1/admin/stats", "stats", "api,admin")
	check("/legacy/hello", "legacy /legacy/hello", "")
}

func TestRedirectDefaults301(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Redirect("/old", "/new")
		r.Redirect("/tmp", "/new", 302)
	}))
	if w := serve(app, "GET", "/old", nil); w.Code != 301 || w.Header().Get("Location") != "/new" {
		t.Errorf("/old: %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := serve(app, "GET", "/tmp", nil); w.Code != 302 {
		t.Errorf("/tmp: %d", w.Code)
	}
}

type postsController struct{}

func (postsController) Index(c *egg.Ctx) error   { return c.Text(200, "index") }
func (postsController) New(c *egg.Ctx) error     { return c.Text(200, "new") }
func (postsController) Show(c *egg.Ctx) error    { return c.Text(200, "show "+c.Param("id")) }
func (postsController) Edit(c *egg.Ctx) error    { return c.Text(200, "edit "+c.Param("id")) }
func (postsController) Create(c *egg.Ctx) error  { return c.Text(201, "create") }
func (postsController) Update(c *egg.Ctx) error  { return c.Text(200, "update "+c.Param("id")) }
func (postsController) Destroy(c *egg.Ctx) error { return c.Text(200, "destroy "+c.Param("id")) }

type readOnly struct{}

func (readOnly) Index(c *egg.Ctx) error { return c.Text(200, "ro index") }
func (readOnly) Show(c *egg.Ctx) error  { return c.Text(200, "ro show") }

func TestResourcesTable(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Resources("posts", "/api/posts", postsController{})
		r.Resources("categories", "/categories", readOnly{})
	}))
	tests := []struct{ method, path, body string }{
		{"GET", "/api/posts", "index"},
		{"GET", "/api/posts/new", "new"},
		{"GET", "/api/posts/7", "show 7"},
		{"GET", "/api/posts/7/edit", "edit 7"},
		{"POST", "/api/posts", "create"},
		{"PUT", "/api/posts/7", "update 7"},
		{"PATCH", "/api/posts/7", "update 7"},
		{"DELETE", "/api/posts/7", "destroy 7"},
		{"GET", "/categories", "ro index"},
		{"GET", "/categories/1", "ro show"},
	}
	for _, tt := range tests {
		if w := serve(app, tt.method, tt.path, nil); w.Body.String() != tt.body {
			t.Errorf("%s %s: %d %q, want %q", tt.method, tt.path, w.Code, w.Body.String(), tt.body)
		}
	}
	if w := serve(app, "POST", "/categories", nil); w.Code != 405 {
		t.Errorf("a subset controller has no create: %d", w.Code)
	}
	names := map[string]string{}
	for _, ri := range app.Routes() {
		if ri.Name != "" {
			names[ri.Method+" "+ri.Pattern] = ri.Name
		}
	}
	want := map[string]string{
		"GET /api/posts": "posts", "GET /api/posts/new": "new_post", "GET /api/posts/{id}": "post",
		"GET /api/posts/{id}/edit": "edit_post", "POST /api/posts": "posts", "PUT /api/posts/{id}": "post",
		"PATCH /api/posts/{id}": "post", "DELETE /api/posts/{id}": "destroy_post",
		"GET /categories": "categories", "GET /categories/{id}": "category",
	}
	for k, v := range want {
		if names[k] != v {
			t.Errorf("route %s named %q, want %q", k, names[k], v)
		}
	}
}

func TestPathFor(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/users/:id", text("")).Name("user")
		r.Get("/files/{dir}/{name:[a-z.]+}", text("")).Name("file")
		r.Get("/", text("")).Name("home")
	}))
	rt := app.Router()
	tests := []struct {
		name   string
		params map[string]any
		want   string
	}{
		{"user", map[string]any{"id": 3, "foo": "bar", "arr": []int{1, 2}}, "/users/3?arr=1&arr=2&foo=bar"},
		{"user", map[string]any{"id": "a/b c"}, "/users/a%2Fb%20c"},
		{"user", map[string]any{"id": 1, "q": "x&y=z"}, "/users/1?q=x%26y%3Dz"},
		{"file", map[string]any{"dir": "docs", "name": "a.md"}, "/files/docs/a.md"},
		{"home", nil, "/"},
		{"user", nil, ""},   // missing parameter
		{"nobody", nil, ""}, // unknown name, as Egg
	}
	for _, tt := range tests {
		if got := rt.PathFor(tt.name, tt.params); got != tt.want {
			t.Errorf("PathFor(%s, %v) = %q, want %q", tt.name, tt.params, got, tt.want)
		}
	}
}

func TestRouterBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		fn   func(r *egg.Router)
		want string
	}{
		{"duplicate route", func(r *egg.Router) { r.Get("/a", text("1")); r.Get("/a", text("2")) }, "route GET /a is registered twice"},
		{"duplicate name", func(r *egg.Router) { r.Get("/a", text("")).Name("x"); r.Get("/b", text("")).Name("x") }, `route name "x" is used for /a and /b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustContain(t, newErr(t, withRoutes(tt.fn)).Error(), tt.want)
		})
	}
	err := newErr(t, withRoutes(func(r *egg.Router) { r.Get("no-slash", text("")) }))
	mustContain(t, err.Error(), `route pattern "no-slash"`, "must begin with '/'")
}

func TestRoutesFromSeveralModules(t *testing.T) {
	app := start(t,
		egg.Module("users", egg.Routes(func(r *egg.Router) { r.Get("/users", text("users")) })),
		egg.Module("posts", egg.Routes(func(r *egg.Router) { r.Get("/posts", text("posts")) })),
		egg.Routes(func(r *egg.Router) { r.Get("/", text("home")) }),
	)
	for path, body := range map[string]string{"/users": "users", "/posts": "posts", "/": "home"} {
		if w := serve(app, "GET", path, nil); w.Body.String() != body {
			t.Errorf("%s: %q", path, w.Body.String())
		}
	}
	if n := len(app.Routes()); n != 3 {
		t.Errorf("route table has %d rows", n)
	}
}

func TestHandlerOutsideEgg(t *testing.T) {
	w := httptest.NewRecorder()
	text("x").ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "outside an egg app") {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
}

func TestHandlerAnswers503OutsideStartAndStop(t *testing.T) {
	app := build(t, withRoutes(func(r *egg.Router) { r.Get("/", text("up")) }))
	if w := serve(app.Handler(), "GET", "/", nil); w.Code != 503 {
		t.Errorf("before start: %d", w.Code)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := serve(app.Handler(), "GET", "/", nil); w.Code != 200 {
		t.Errorf("started: %d", w.Code)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := serve(app.Handler(), "GET", "/", nil); w.Code != 503 {
		t.Errorf("after stop: %d", w.Code)
	}
}

func TestDisabledModuleDefaultsDoNotApply(t *testing.T) {
	mw := egg.Module("gzipish",
		egg.Middleware("gzipish", func(next http.Handler) http.Handler { return next }),
		egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "gzipish") }),
	)
	if got := start(t, mw).Middleware(); len(got) != 1 {
		t.Errorf("enabled: %v", got)
	}
	if got := start(t, mw, egg.Disable("gzipish")).Middleware(); len(got) != 0 {
		t.Errorf("disabled module's own Configure must not apply: %v", got)
	}
}

func TestEmbedWritesNoRunDirByDefault(t *testing.T) {
	dir := t.TempDir()
	var app *egg.App
	fxApp := fx.New(fx.NopLogger, egg.Embed(egg.Env("prod"), egg.BaseDir(dir), egg.LogOutput(io.Discard)), fx.Populate(&app))
	if err := fxApp.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := fxApp.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "run")); !os.IsNotExist(err) {
		t.Errorf("embedded app wrote run/: %v", err)
	}
}

func TestEmbedIgnoresTheHostsPort(t *testing.T) {
	t.Setenv("PORT", "not-a-number")
	fxApp := fx.New(fx.NopLogger, egg.Embed(egg.Env("unittest"), egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard)))
	if err := fxApp.Err(); err != nil {
		t.Fatalf("a host's PORT must not break embedded egg: %v", err)
	}
	if _, err := egg.New(egg.Env("unittest"), egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard)); err == nil {
		t.Error("egg.New still reads PORT")
	}
}
