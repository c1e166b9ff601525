package view_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/view"
)

func TestMissingTemplateIsA500NamingFileAndRoot(t *testing.T) {
	app := eggtest.New(t, appOpts(t)...)
	res := app.GET("/render/nope").Header("Accept", "application/json").Do().Status(500)
	for _, want := range []string{`template \"nope.html\" not found in app/view (` + site(t) + `/app/view)`, "create the file"} {
		if !strings.Contains(res.Body(), want) {
			t.Errorf("body lacks %q: %s", want, res.Body())
		}
	}
	app.ExpectLog(`nope.html`)
}

// A handler rendering a name the client chose turns ErrNotFound into 404.
func TestErrNotFoundCanBecomeA404(t *testing.T) {
	app := eggtest.New(t, appOpts(t, egg.Module("docs", egg.Routes(func(r *egg.Router) {
		r.Get("/docs/:page", func(c *egg.Ctx) error {
			err := view.Render(c, "users/"+c.Param("page"), map[string]any{"ID": 1})
			if errors.Is(err, view.ErrNotFound) {
				return egg.NewError(http.StatusNotFound, "not_found", "no such page")
			}
			return err
		})
	})))...)
	app.GET("/docs/show").Do().Status(200).BodyContains("<h1>User 1</h1>")
	app.GET("/docs/missing").Header("Accept", "application/json").Do().Status(404).
		JSONEquals(`{"code":"not_found","message":"no such page"}`)
}

func TestNoTemplateRootStartsAndSaysSoOnRender(t *testing.T) {
	app := eggtest.New(t, egg.BaseDir(t.TempDir()), onerror.Module, view.Module, pages())
	app.GET("/").Header("Accept", "application/json").Do().Status(500).
		BodyContains("the template root app/view").BodyContains("does not exist")
}

func TestBadNamesAndExtensions(t *testing.T) {
	app := eggtest.New(t, appOpts(t, egg.Module("names", egg.Routes(func(r *egg.Router) {
		r.Get("/name", func(c *egg.Ctx) error { return view.Render(c, c.Query("n"), nil) })
	})))...)
	for _, tc := range []struct{ name, want string }{
		{"../secret", "is not a slash path under the root"},
		{"a//b", "is not a slash path under the root"},
		{"a\\b", "is not a slash path under the root"},
		{"page.njk", `no engine renders \".njk\" files`},
	} {
		app.GET("/name").Query("n", tc.name).Header("Accept", "application/json").Do().Status(500).BodyContains(tc.want)
	}
	// A leading slash is fine.
	app.GET("/name").Query("n", "/users/show").Do().Status(200).BodyContains("<h1>User ")
}

func TestRenderWithoutTheModuleSaysWhatToAdd(t *testing.T) {
	app := eggtest.New(t, onerror.Module, pages())
	app.GET("/").Header("Accept", "application/json").Do().Status(500).BodyContains("the app has no view module")
}

// An error while a template runs is a 500: logged with the template and
// the cause; in prod the client sees none of it, and no half page.
func TestExecErrorIsA500WithoutLeakingInProd(t *testing.T) {
	fsys := fstest.MapFS{"app/view/boom.html": {Data: []byte(`<h1>half a page</h1>{{ explode "secret-detail" }}`)}}
	app := eggtest.New(t, appOpts(t,
		egg.Configure(func(c *view.Config) { c.FS = fsys }),
		view.AddHelper(view.Static("explode", func(s string) (string, error) { return "", fmt.Errorf("kaboom: %s", s) })),
		egg.Env("prod"),
	)...)
	for _, accept := range []string{"text/html", "application/json"} {
		res := app.GET("/render/boom").Header("Accept", accept).Do().Status(500)
		for _, leak := range []string{"kaboom", "secret-detail", "boom.html", "half a page"} {
			if strings.Contains(res.Body(), leak) {
				t.Errorf("prod %s error page leaks %q: %s", accept, leak, res.Body())
			}
		}
	}
	app.ExpectLog("kaboom: secret-detail")
	app.ExpectLog(`rendering \"boom.html\" (engine html)`)
}

// In unittest (and local) the message says what broke.
func TestExecErrorShowsOutsideProd(t *testing.T) {
	fsys := fstest.MapFS{"app/view/boom.html": {Data: []byte(`{{ index .Name 99 }}`)}}
	app := eggtest.New(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	app.GET("/render/boom").Header("Accept", "application/json").Do().Status(500).
		BodyContains(`rendering \"boom.html\" (engine html)`).BodyContains("boom.html:1")
}

func TestBrokenTemplateFailsStartUpWhenCached(t *testing.T) {
	fsys := fstest.MapFS{
		"app/view/ok.html":             {Data: []byte(`fine`)},
		"app/view/partials/bad.html":   {Data: []byte(`{{ if .X }}never closed`)},
		"app/view/layouts/nofunc.html": {Data: []byte(`ok`)},
	}
	_, err := eggtest.Start(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	if err == nil || !strings.Contains(err.Error(), "partials/bad.html") || !strings.Contains(err.Error(), "DidLoad") {
		t.Fatalf("start error = %v; want it to name partials/bad.html and the phase", err)
	}
	fsys = fstest.MapFS{"app/view/f.html": {Data: []byte(`{{ undefinedFunc }}`)}}
	_, err = eggtest.Start(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	if err == nil || !strings.Contains(err.Error(), `function "undefinedFunc" not defined`) {
		t.Fatalf("start error = %v; want the undefined function named", err)
	}
}
