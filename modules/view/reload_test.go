package view_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/view"
)

// In local (Cache off) a render sees every change to the files: an edited
// page, an edited layout, a new page, a deleted one, a broken one and its
// fix.
func TestLocalReloadsChangedTemplates(t *testing.T) {
	dir := t.TempDir()
	views := filepath.Join(dir, "app", "view")
	writeFile(t, views, "layouts/main.html", `<title>v1</title>{{ block "content" . }}{{ end }}`)
	writeFile(t, views, "home.html", `{{ template "layouts/main.html" . }}{{ define "content" }}one{{ end }}`)
	app := eggtest.New(t, egg.BaseDir(dir), onerror.Module, view.Module, pages(), egg.Env("local"),
		egg.Configure(func(c *view.Config) { c.CheckInterval = 0 }))

	app.GET("/").Do().Status(200).BodyEquals(`<title>v1</title>one`)

	writeFile(t, views, "home.html", `{{ template "layouts/main.html" . }}{{ define "content" }}two!{{ end }}`)
	app.GET("/").Do().Status(200).BodyEquals(`<title>v1</title>two!`)

	writeFile(t, views, "layouts/main.html", `<title>v2, longer</title>{{ block "content" . }}{{ end }}`)
	app.GET("/").Do().Status(200).BodyEquals(`<title>v2, longer</title>two!`)

	app.GET("/render/fresh").Header("Accept", "application/json").Do().Status(500).BodyContains("not found")
	writeFile(t, views, "fresh.html", `new page`)
	app.GET("/render/fresh").Do().Status(200).BodyEquals(`new page`)
	if err := os.Remove(filepath.Join(views, "fresh.html")); err != nil {
		t.Fatal(err)
	}
	app.GET("/render/fresh").Header("Accept", "application/json").Do().Status(500).BodyContains("not found")

	writeFile(t, views, "home.html", `{{ if .Name }}unclosed`)
	app.GET("/").Header("Accept", "application/json").Do().Status(500).BodyContains("home.html")
	app.ExpectLog("templates have an error")
	writeFile(t, views, "home.html", `fixed`)
	app.GET("/").Do().Status(200).BodyEquals(`fixed`)
	app.ExpectLog("templates changed, reloaded")
}

// A broken template does not stop a local app from starting: the page
// shows the error until it is fixed.
func TestLocalStartsWithABrokenTemplate(t *testing.T) {
	dir := t.TempDir()
	views := filepath.Join(dir, "app", "view")
	writeFile(t, views, "home.html", `{{ end }}`)
	app := eggtest.New(t, egg.BaseDir(dir), onerror.Module, view.Module, pages(), egg.Env("local"),
		egg.Configure(func(c *view.Config) { c.CheckInterval = 0 }))
	app.GET("/").Header("Accept", "application/json").Do().Status(500).BodyContains("unexpected {{end}}")
	writeFile(t, views, "home.html", `ok now`)
	app.GET("/").Do().Status(200).BodyEquals("ok now")
}

// With Cache on (every env but local) the files are read once: changes and
// deletions are not seen.
func TestCachedTemplatesAreNeverReRead(t *testing.T) {
	dir := t.TempDir()
	views := filepath.Join(dir, "app", "view")
	writeFile(t, views, "home.html", `first`)
	app := eggtest.New(t, egg.BaseDir(dir), onerror.Module, view.Module, pages(),
		egg.Configure(func(c *view.Config) { c.CheckInterval = 0 }))
	app.GET("/").Do().Status(200).BodyEquals("first")
	writeFile(t, views, "home.html", `second, and longer`)
	writeFile(t, views, "added.html", `added`)
	app.GET("/").Do().Status(200).BodyEquals("first")
	app.GET("/render/added").Header("Accept", "application/json").Do().Status(500).BodyContains("not found")
	if err := os.RemoveAll(views); err != nil {
		t.Fatal(err)
	}
	app.GET("/").Do().Status(200).BodyEquals("first")
}

// Cache is Egg's: on by default, off in local, and the env var wins.
func TestCacheDefaultsPerEnv(t *testing.T) {
	for _, tc := range []struct {
		env, envVar string
		want        bool
	}{
		{"local", "", false}, {"unittest", "", true}, {"prod", "", true}, {"local", "true", true}, {"prod", "false", false},
	} {
		t.Run(tc.env+"/"+tc.envVar, func(t *testing.T) {
			if tc.envVar != "" {
				t.Setenv("VIEW_CACHE", tc.envVar)
			}
			var got view.Config
			eggtest.New(t, egg.BaseDir(t.TempDir()), view.Module, egg.Env(tc.env),
				egg.Routes(func(cfg view.Config) { got = cfg }))
			if got.Cache != tc.want {
				t.Errorf("Cache = %v, want %v", got.Cache, tc.want)
			}
		})
	}
}

// CheckInterval debounces the checks: within it, a render does not look
// at the files at all.
func TestLocalChecksAtMostEveryCheckInterval(t *testing.T) {
	dir := t.TempDir()
	views := filepath.Join(dir, "app", "view")
	writeFile(t, views, "home.html", `first`)
	app := eggtest.New(t, egg.BaseDir(dir), onerror.Module, view.Module, pages(), egg.Env("local"),
		egg.Configure(func(c *view.Config) { c.CheckInterval = time.Hour }))
	app.GET("/").Do().Status(200).BodyEquals("first")
	writeFile(t, views, "home.html", `second, and longer`)
	app.GET("/").Do().Status(200).BodyEquals("first")
}

// Renders running while files change each get a whole, valid version of
// the page (one goroutine re-reads, the others use what they find), and
// the last change wins. The files are replaced as editors that save
// atomically do (write a temporary file, rename it over the old one); an
// editor that truncates and rewrites in place can be caught between the
// two by one render, which the next render corrects.
func TestLocalReloadUnderConcurrentRenders(t *testing.T) {
	dir := t.TempDir()
	views := filepath.Join(dir, "app", "view")
	writeFile(t, views, "home.html", `version 0`)
	app := eggtest.New(t, egg.BaseDir(dir), onerror.Module, view.Module, pages(), egg.Env("local"),
		egg.Configure(func(c *view.Config) { c.CheckInterval = 0 }))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res := app.GET("/").Do()
				if res.Code() != 200 || !strings.HasPrefix(res.Body(), "version ") {
					t.Errorf("got %d %q", res.Code(), res.Body())
					return
				}
			}
		}()
	}
	for i := 1; i <= 20; i++ {
		writeFile(t, views, "home.tmp", "version "+strings.Repeat("x", i)) // .tmp: no engine reads it
		if err := os.Rename(filepath.Join(views, "home.tmp"), filepath.Join(views, "home.html")); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	app.GET("/").Do().Status(200).BodyEquals("version " + strings.Repeat("x", 20))
}
