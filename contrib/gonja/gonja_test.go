package gonja_test

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gonja"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/view"
)

func TestExtendsBlocksAndIncludes(t *testing.T) {
	app := eggtest.New(t, appOpts(t)...)
	body := app.GET("/").Query("name", "Ada").Do().Status(200).
		Header("Content-Type", "text/html; charset=utf-8").Body()
	for _, want := range []string{
		"<title>Home · Ada</title>",
		`<p class="greeting">Hello, Ada!</p>`,
		`<nav><a href="/">Home</a> <a href="/users/7">Me</a><span class="extra">+</span>`, // include, and a ./ include from it
		"<!doctype html>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	app.GET("/users/42").Do().Status(200).
		BodyContains("<title>Shop</title>").
		BodyContains("<h1>User 42</h1>").
		BodyContains(`<a href="http://example.com/users/42?tab=posts">posts</a>`)
}

func TestAutoescape(t *testing.T) {
	app := eggtest.New(t, appOpts(t, egg.Module("esc", egg.Routes(func(r *egg.Router) {
		r.Get("/esc", func(c *egg.Ctx) error {
			return view.Render(c, "plain.njk", map[string]any{
				"attr":    `"><script>alert(1)</script>`,
				"text":    `<b>bold</b> & 'co'`,
				"trusted": template.HTML("<em>trusted</em>"),
				"marked":  "<i>marked safe</i>",
			})
		})
	})))...)
	app.GET("/esc").Do().Status(200).BodyEquals(
		`<p title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;b&gt;bold&lt;/b&gt; &amp; &#39;co&#39;</p>` +
			`<em>trusted</em><i>marked safe</i>`)
}

// The same helpers as in html/template pages, and each render sees its
// own request.
func TestHelpers(t *testing.T) {
	fsys := fstest.MapFS{"app/view/h.njk": {Data: []byte(
		`{{ csrfToken() }} {{ __("Hello, %s", name) }} {{ money(1999) }} {{ badge("<new>") }} {{ pathFor("user", "id", 3, "q", "a b") }}`)}}
	app := eggtest.New(t, appOpts(t,
		egg.Configure(func(c *view.Config) { c.FS = fsys }),
		view.AddHelper(view.Func("csrfToken", func(c *egg.Ctx) string { return "tok-" + c.Request().Header.Get("X-Who") })),
		view.AddHelper(view.FuncArgs("__", func(c *egg.Ctx, id string, args ...any) string { return fmt.Sprintf(id, args...) })),
		view.AddHelper(view.Static("money", func(cents int) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) })),
		view.AddHelper(view.Static("badge", func(s string) template.HTML {
			return template.HTML("<b>" + template.HTMLEscapeString(s) + "</b>")
		})),
	)...)
	app.GET("/render/h.njk").Query("name", "<Ada>").Header("X-Who", "ada").Do().Status(200).
		BodyEquals(`tok-ada Hello, &lt;Ada&gt; $19.99 <b>&lt;new&gt;</b> /users/3?q=a%20b`)

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				who := fmt.Sprintf("u%d-%d", i, j)
				res := app.GET("/render/h.njk").Header("X-Who", who).Do()
				if res.Code() != 200 || !strings.HasPrefix(res.Body(), "tok-"+who+" ") {
					t.Errorf("request %s got %d %q", who, res.Code(), res.Body())
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"app/view/ok.njk":      {Data: []byte(`ok`)},
		"app/view/inc.njk":     {Data: []byte(`{% include "missing.njk" %}`)},
		"app/view/escape.njk":  {Data: []byte(`{% include "../../etc/passwd.njk" %}`)},
		"app/view/boom.njk":    {Data: []byte(`<h1>half</h1>{{ explode() }}`)},
		"app/view/ok.html":     {Data: []byte(`html {{ .name }}`)},
		"app/view/strict.njk":  {Data: []byte(`{{ nothere }}`)},
		"app/view/.hidden.njk": {Data: []byte(`{% if %}`)},
	}
	app := eggtest.New(t, appOpts(t,
		egg.Configure(func(c *view.Config) { c.FS = fsys }),
		view.AddHelper(view.Static("explode", func() (string, error) { return "", fmt.Errorf("kaboom") })),
		egg.Module("data", egg.Routes(func(r *egg.Router) {
			r.Get("/struct", func(c *egg.Ctx) error { return view.Render(c, "ok.njk", struct{ A int }{1}) })
		})),
	)...)
	json := func(path string) *eggtest.Response {
		return app.GET(path).Header("Accept", "application/json").Do()
	}
	json("/render/nope.njk").Status(500).BodyContains(`template \"nope.njk\" not found in app/view`)
	json("/render/inc.njk").Status(500).BodyContains(`template \"missing.njk\" not found`)
	json("/render/escape.njk").Status(500).BodyContains(`is not under the template root`)
	json("/render/boom.njk").Status(500).BodyContains("kaboom").BodyContains(`rendering \"boom.njk\" (engine gonja)`)
	json("/struct").Status(500).BodyContains("pass a map[string]any")
	json("/render/strict.njk").Status(200)
	// Both engines in one app, by extension.
	app.GET("/render/ok.html").Query("name", "x").Do().Status(200).BodyEquals("html x")
	app.GET("/render/ok.njk").Do().Status(200).BodyEquals("ok")
}

func TestStrictUndefinedAndWhitespaceOptions(t *testing.T) {
	t.Setenv("GONJA_STRICT_UNDEFINED", "true")
	t.Setenv("GONJA_TRIM_BLOCKS", "true")
	t.Setenv("GONJA_LSTRIP_BLOCKS", "true")
	fsys := fstest.MapFS{
		"app/view/strict.njk": {Data: []byte(`{{ nothere }}`)},
		"app/view/ws.njk":     {Data: []byte("<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>")},
	}
	app := eggtest.New(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }),
		egg.Module("ws", egg.Routes(func(r *egg.Router) {
			r.Get("/ws", func(c *egg.Ctx) error { return view.Render(c, "ws.njk", map[string]any{"xs": []int{1, 2}}) })
		})))...)
	app.GET("/render/strict.njk").Header("Accept", "application/json").Do().Status(500).BodyContains("nothere")
	app.GET("/ws").Do().Status(200).BodyEquals("<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>")
}

func TestBrokenTemplateFailsStartUpWithoutQuotingIt(t *testing.T) {
	fsys := fstest.MapFS{"app/view/bad.njk": {Data: []byte("line one\nSECRET-SOURCE {% if %}")}}
	_, err := eggtest.Start(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	if err == nil || !strings.Contains(err.Error(), "gonja: parsing bad.njk in app/view in view.Config.FS") {
		t.Fatalf("start error = %v", err)
	}
	if strings.Contains(err.Error(), "SECRET-SOURCE") {
		t.Errorf("start error quotes the template's source: %v", err)
	}
}

func TestRequiresTheViewModule(t *testing.T) {
	_, err := eggtest.Start(t, egg.BaseDir(site(t)), gonja.Module)
	if err == nil || !strings.Contains(err.Error(), `"view"`) {
		t.Fatalf("start error = %v", err)
	}
}

func TestMappingMovesExtensions(t *testing.T) {
	t.Setenv("VIEW_MAPPING", ".html:gonja")
	fsys := fstest.MapFS{"app/view/page.html": {Data: []byte(`{% if name %}jinja {{ name }}{% endif %}`)}}
	app := eggtest.New(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	app.GET("/render/page").Query("name", "<x>").Do().Status(200).BodyEquals("jinja &lt;x&gt;")
}

func TestIncludeAndExtendsForms(t *testing.T) {
	fsys := fstest.MapFS{
		"app/view/users/base.njk": {Data: []byte(`<{% block b %}{% endblock %}>`)},
		"app/view/users/rel.njk":  {Data: []byte(`{% extends "./base.njk" %}{% block b %}relative{% endblock %}`)},
		"app/view/inc/part.njk":   {Data: []byte(`part sees {{ name }}`)},
		"app/view/forms.njk": {Data: []byte(`{% include "nope.njk" ignore missing %}|` +
			`{% include which %}|{% include "inc/part.njk" with context %}|{% include "inc/part.njk" without context %}`)},
		"app/view/malformed.njk": {Data: []byte(`{% include "a.njk" sideways %}`)},
	}
	_, err := eggtest.Start(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	if err == nil || !strings.Contains(err.Error(), "malformed include tag") || !strings.Contains(err.Error(), "malformed.njk") {
		t.Fatalf("start error = %v", err)
	}
	delete(fsys, "app/view/malformed.njk")
	app := eggtest.New(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }),
		egg.Module("forms", egg.Routes(func(r *egg.Router) {
			r.Get("/forms", func(c *egg.Ctx) error {
				return view.Render(c, "forms.njk", map[string]any{"which": "users/rel.njk", "name": "Ada"})
			})
		})))...)
	app.GET("/render/users/rel.njk").Do().Status(200).BodyEquals("<relative>")
	app.GET("/forms").Do().Status(200).BodyEquals("|<relative>|part sees Ada|part sees Ada")
}
