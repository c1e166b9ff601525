package view_test

import (
	"embed"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/view"
)

// The production shape: templates compiled into the binary.
//
//go:embed testdata/site/app/view
var embedded embed.FS

func TestEmbedFSSource(t *testing.T) {
	app := eggtest.New(t, egg.BaseDir(t.TempDir()), onerror.Module, view.Module, pages(),
		egg.Configure(func(c *view.Config) { c.FS, c.Root = embedded, "testdata/site/app/view" }))
	app.GET("/").Query("name", "Bo").Do().Status(200).
		BodyContains("<title>Home · Bo</title>").BodyContains(`<a href="/users/7">Me</a>`)
	app.GET("/render/nope").Header("Accept", "application/json").Do().Status(500).
		BodyContains(`not found in testdata/site/app/view in view.Config.FS`)
}

func TestFSRootDotAndSubFS(t *testing.T) {
	sub, err := fs.Sub(embedded, "testdata/site/app/view")
	if err != nil {
		t.Fatal(err)
	}
	app := eggtest.New(t, egg.BaseDir(t.TempDir()), onerror.Module, view.Module, pages(),
		egg.Configure(func(c *view.Config) { c.FS, c.Root = sub, "." }))
	app.GET("/users/5").Do().Status(200).BodyContains("<h1>User 5</h1>")
}

// Local with an embed.FS: nothing changes, nothing breaks.
func TestFSInLocal(t *testing.T) {
	app := eggtest.New(t, egg.BaseDir(t.TempDir()), onerror.Module, view.Module, pages(), egg.Env("local"),
		egg.Configure(func(c *view.Config) { c.FS, c.Root, c.CheckInterval = embedded, "testdata/site/app/view", 0 }))
	for range 3 {
		app.GET("/").Do().Status(200).BodyContains("Hello, !")
	}
}

func TestEscapesData(t *testing.T) {
	app := eggtest.New(t, appOpts(t, egg.Module("esc", egg.Routes(func(r *egg.Router) {
		r.Get("/esc", func(c *egg.Ctx) error {
			return view.Render(c, "plain", map[string]any{
				"Attr":    `"><script>alert(1)</script>`,
				"Text":    `<b>bold</b> & co`,
				"JS":      `</script><script>alert(2)</script>`,
				"Trusted": htmltemplate.HTML("<em>trusted</em>"),
			})
		})
	})))...)
	body := app.GET("/esc").Do().Status(200).Body()
	for _, bad := range []string{"<script>alert(1)", "<b>bold</b>", "</script><script>alert(2)"} {
		if strings.Contains(body, bad) {
			t.Errorf("unescaped %q in %s", bad, body)
		}
	}
	for _, want := range []string{`title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`, `&lt;b&gt;bold&lt;/b&gt; &amp; co`, `<em>trusted</em>`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q: %s", want, body)
		}
	}
}

func TestRenderStringAndStatus(t *testing.T) {
	var text string
	app := eggtest.New(t, appOpts(t, egg.Module("more", egg.Routes(func(r *egg.Router) {
		r.Get("/string", func(c *egg.Ctx) error {
			s, err := view.RenderString(c, "users/show", map[string]any{"ID": 9})
			if err != nil {
				return err
			}
			text = s
			return c.JSON(200, map[string]int{"len": len(s)})
		})
		r.Get("/status", func(c *egg.Ctx) error { return view.RenderStatus(c, 401, "home", nil) })
		r.Get("/xml", func(c *egg.Ctx) error {
			c.Response().Header().Set("Content-Type", "application/xhtml+xml")
			return view.Render(c, "home", nil)
		})
		r.Get("/string-missing", func(c *egg.Ctx) error {
			_, err := view.RenderString(c, "nope", nil)
			return err
		})
	})))...)
	app.GET("/string").Do().Status(200).Header("Content-Type", "application/json; charset=utf-8")
	if !strings.Contains(text, "<h1>User 9</h1>") {
		t.Errorf("RenderString = %q", text)
	}
	app.GET("/status").Do().Status(401).Header("Content-Type", "text/html; charset=utf-8").BodyContains("Hello, !")
	app.GET("/xml").Do().Status(200).Header("Content-Type", "application/xhtml+xml")
	app.GET("/string-missing").Header("Accept", "application/json").Do().Status(500).BodyContains("not found")
	res := app.HEAD("/").Do().Status(200)
	if res.Body() != "" {
		t.Errorf("HEAD body = %q", res.Body())
	}
}

// RenderString works outside a request too, on an anonymous context: an
// e-mail body rendered by a schedule or a queue worker.
func TestRenderStringOnAnAnonymousContext(t *testing.T) {
	app := eggtest.New(t, appOpts(t)...)
	s, err := view.RenderString(app.Ctx(), "users/show", map[string]any{"ID": 1})
	if err != nil || !strings.Contains(s, `href="http://127.0.0.1/users/1?tab=posts"`) {
		t.Fatalf("RenderString = %q, %v", s, err)
	}
}
