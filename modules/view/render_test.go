package view_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/view"
)

func TestRenderPageWithLayoutAndPartial(t *testing.T) {
	app := eggtest.New(t, appOpts(t)...)
	res := app.GET("/").Query("name", "Ada").Do().
		Status(200).
		Header("Content-Type", "text/html; charset=utf-8")
	body := res.Body()
	for _, want := range []string{
		"<title>Home · Ada</title>",                                 // the page's block overrides the layout's
		`<p class="greeting">Hello, Ada!</p>`,                       // the page's content block
		`<nav><a href="/">Home</a> <a href="/users/7">Me</a></nav>`, // the partial, with pathFor
		"<!doctype html>",                                           // from the layout
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	// Another page gets the layout's default title: one page's blocks never
	// leak into another's.
	app.GET("/users/42").Do().Status(200).
		BodyContains("<title>Shop</title>").
		BodyContains("<h1>User 42</h1>").
		BodyContains(`<a href="http://example.com/users/42?tab=posts">posts</a>`)
}

// A partial renders on its own too (a fragment for htmx, say), with the
// helpers.
func TestRenderAPartialDirectly(t *testing.T) {
	app := eggtest.New(t, appOpts(t)...)
	app.GET("/render/partials/nav").Do().Status(200).
		BodyEquals(`<nav><a href="/">Home</a> <a href="/users/7">Me</a></nav>` + "\n")
}

// TestCompiledAndStdlibAgree: every page of the test site answers the same
// bytes with compiled pages (the default) and with html/template
// (CompileHTML off).
func TestCompiledAndStdlibAgree(t *testing.T) {
	bodies := map[bool][]string{}
	for _, compile := range []bool{true, false} {
		app := eggtest.New(t, appOpts(t, egg.Configure(func(c *view.Config) { c.CompileHTML = compile }))...)
		for _, path := range []string{"/?name=<Ada>&x", "/users/42", "/render/partials/nav", "/render/layouts/main", "/render/plain?name=x"} {
			bodies[compile] = append(bodies[compile], app.GET(path).Do().Status(200).Body())
		}
	}
	for i := range bodies[true] {
		if bodies[true][i] != bodies[false][i] {
			t.Errorf("page %d: compiled\n%s\nhtml/template\n%s", i, bodies[true][i], bodies[false][i])
		}
	}
}
