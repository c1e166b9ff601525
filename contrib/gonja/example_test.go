package gonja_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gonja"
	"github.com/egg-go/egg/modules/view"
)

// A nunjucks-style page: a layout with blocks, extended by a page.
func Example() {
	templates := fstest.MapFS{ // in an app: files under app/view, or //go:embed app/view
		"app/view/layouts/main.njk": {Data: []byte(`<title>{% block title %}Shop{% endblock %}</title><main>{% block content %}{% endblock %}</main>`)},
		"app/view/home.njk": {Data: []byte(`{% extends "layouts/main.njk" %}` +
			`{% block content %}Hello, {{ name }}! <a href="{{ pathFor("user", "id", 7) }}">me</a>{% endblock %}`)},
	}
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), view.Module, gonja.Module,
		egg.Configure(func(c *view.Config) { c.FS = templates }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				return view.Render(c, "home.njk", map[string]any{"name": "<Ada>"})
			})
			r.Get("/users/:id", func(c *egg.Ctx) error { return nil }).Name("user")
		}))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	w := httptest.NewRecorder()
	app.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 200 <title>Shop</title><main>Hello, &lt;Ada&gt;! <a href="/users/7">me</a></main>
}
