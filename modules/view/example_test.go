package view_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view"
)

// A page with a layout, a route link and a helper another module added.
func Example() {
	templates := fstest.MapFS{ // in an app: //go:embed app/view, or files on disk
		"app/view/layouts/main.html": {Data: []byte(`<title>{{ block "title" . }}Shop{{ end }}</title><main>{{ block "content" . }}{{ end }}</main>`)},
		"app/view/home.html": {Data: []byte(`{{ template "layouts/main.html" . }}` +
			`{{ define "content" }}Hello, {{ .Name }}! <a href="{{ pathFor "user" "id" 7 }}">me</a> {{ shout "ok" }}{{ end }}`)},
	}
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), view.Module,
		egg.Configure(func(c *view.Config) { c.FS = templates }),
		view.AddHelper(view.Static("shout", func(s string) string { return s + "!" })),
		egg.Routes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				return view.Render(c, "home", map[string]any{"Name": "<Ada>"})
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
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(w.Body.String())
	// Output:
	// 200 text/html; charset=utf-8
	// <title>Shop</title><main>Hello, &lt;Ada&gt;! <a href="/users/7">me</a> ok!</main>
}
