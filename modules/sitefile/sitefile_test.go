package sitefile_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/sitefile"
	"go.uber.org/fx"
)

var routes = egg.Routes(func(r *egg.Router) {
	r.Get("/", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "home") })
})

func config(fn func(c *sitefile.Config)) fx.Option { return egg.Configure(fn) }

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUnconfiguredFavicon: the browser's automatic /favicon.ico gets 204,
// and nothing is logged, where without the module it is a 404 warning.
func TestUnconfiguredFavicon(t *testing.T) {
	app := eggtest.New(t, onerror.Module, sitefile.Module, routes)
	app.GET("/favicon.ico").Do().Status(http.StatusNoContent).BodyEquals("").NoHeader("Cache-Control")
	app.HEAD("/favicon.ico").Do().Status(http.StatusNoContent)
	app.NotExpectLog("request rejected")
	app.NotExpectLog("404")

	without := eggtest.New(t, onerror.Module, routes)
	without.GET("/favicon.ico").Do().Status(http.StatusNotFound)
	without.ExpectLog("request rejected")
}

func TestFaviconFromFile(t *testing.T) {
	ico := read(t, "favicon.ico")
	app := eggtest.New(t, sitefile.Module, routes, config(func(c *sitefile.Config) { c.Favicon = "testdata/favicon.ico" }))
	for _, path := range []string{"/favicon.ico", "/favicon.ico?v=2"} {
		res := app.GET(path).Do().Status(200).
			Header("Content-Type", "image/x-icon").
			Header("Content-Length", strconv.Itoa(len(ico))).
			Header("Cache-Control", "public, max-age=2592000")
		if !bytes.Equal([]byte(res.Body()), ico) {
			t.Errorf("GET %s: body is not the icon file (%d bytes, want %d)", path, len(res.Body()), len(ico))
		}
	}
	app.HEAD("/favicon.ico").Do().Status(200).
		Header("Content-Type", "image/x-icon").
		Header("Content-Length", strconv.Itoa(len(ico))).
		Header("Cache-Control", "public, max-age=2592000").
		BodyEquals("")
}

// TestHEADOverTheWire: a real server sends no body for HEAD, and the
// Content-Length of the GET.
func TestHEADOverTheWire(t *testing.T) {
	app := eggtest.New(t, sitefile.Module, routes, egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }),
		config(func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/robots.txt": {Bytes: []byte("User-agent: *\n")}}
		}))
	res, err := http.Head("http://" + app.Addr() + "/robots.txt")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.ContentLength != 14 || res.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("HEAD /robots.txt: %d, length %d, type %q", res.StatusCode, res.ContentLength, res.Header.Get("Content-Type"))
	}
}

func TestFaviconRedirect(t *testing.T) {
	app := eggtest.New(t, sitefile.Module, routes, config(func(c *sitefile.Config) { c.Favicon = "https://cdn.example.com/icon.ico" }))
	app.GET("/favicon.ico").Do().Status(http.StatusFound).Header("Location", "https://cdn.example.com/icon.ico").NoHeader("Cache-Control")
}

func TestEnv(t *testing.T) {
	t.Setenv("SITEFILE_FAVICON", "testdata/icon.png")
	t.Setenv("SITEFILE_CACHE_CONTROL", "public, max-age=60")
	app := eggtest.New(t, sitefile.Module, routes)
	app.GET("/favicon.ico").Do().Status(200).Header("Content-Type", "image/png").Header("Cache-Control", "public, max-age=60")

	t.Setenv("SITEFILE_FAVICON", "http://cdn.example.com/f.ico")
	t.Setenv("SITEFILE_CACHE_CONTROL", "none")
	app = eggtest.New(t, sitefile.Module, routes, config(func(c *sitefile.Config) {
		c.Files = map[string]sitefile.File{"/robots.txt": {Bytes: []byte("x")}}
	}))
	app.GET("/favicon.ico").Do().Status(http.StatusFound).Header("Location", "http://cdn.example.com/f.ico")
	app.GET("/robots.txt").Do().Status(200).NoHeader("Cache-Control")
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "humans.txt"), []byte("we are people"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := eggtest.New(t, sitefile.Module, routes, egg.BaseDir(dir), config(func(c *sitefile.Config) {
		c.Files = map[string]sitefile.File{
			"/robots.txt":           {Bytes: []byte("User-agent: *\nDisallow:\n")},
			"/humans.txt":           {Path: "humans.txt"}, // relative to the base dir
			"/apple-touch-icon.png": {URL: "/public/icon.png"},
			"/site.webmanifest":     {Bytes: []byte(`{"name":"x"}`), ContentType: "application/manifest+json"},
			"/favicon.ico":          {Path: filepath.Join(mustAbs(t, "testdata"), "icon.png")}, // a PNG: labelled as one
			"/custom.svg":           {Bytes: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		}
	}))
	app.GET("/robots.txt").Do().Status(200).Header("Content-Type", "text/plain; charset=utf-8").
		Header("Cache-Control", "public, max-age=2592000").BodyEquals("User-agent: *\nDisallow:\n")
	app.GET("/humans.txt").Do().Status(200).BodyEquals("we are people")
	app.GET("/apple-touch-icon.png").Do().Status(http.StatusFound).Header("Location", "/public/icon.png")
	app.GET("/site.webmanifest").Do().Status(200).Header("Content-Type", "application/manifest+json")
	app.GET("/favicon.ico").Do().Status(200).Header("Content-Type", "image/png")
	app.GET("/custom.svg").Do().Status(200).Header("Content-Type", "image/svg+xml")
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestNotASiteFile: other methods, other paths and a trailing slash go on
// to the router.
func TestNotASiteFile(t *testing.T) {
	app := eggtest.New(t, onerror.Module, sitefile.Module, routes, egg.Routes(func(r *egg.Router) {
		r.Post("/favicon.ico", func(c *egg.Ctx) error { return c.Text(http.StatusCreated, "posted") })
	}))
	app.POST("/favicon.ico").Do().Status(http.StatusCreated).BodyEquals("posted")
	app.DELETE("/favicon.ico").Do().Status(http.StatusMethodNotAllowed)
	app.GET("/").Do().Status(200).BodyEquals("home")
	app.GET("/favicon.ico/").Do().Status(http.StatusMethodNotAllowed) // the router's answer: its trailing slash is optional

	app.GET("/FAVICON.ICO").Do().Status(http.StatusNotFound)
}

// TestOwnFaviconRoute: the middleware's Ignore option hands /favicon.ico
// to the app's route.
func TestOwnFaviconRoute(t *testing.T) {
	app := eggtest.New(t, sitefile.Module, routes,
		egg.Routes(func(r *egg.Router) {
			r.Get("/favicon.ico", func(c *egg.Ctx) error { return c.Blob(http.StatusOK, "image/x-icon", []byte("mine")) })
		}),
		egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
				sitefile.Name: {Ignore: []egg.Matcher{egg.PathPrefix(sitefile.FaviconPath)}},
			}
		}))
	app.GET("/favicon.ico").Do().Status(200).BodyEquals("mine")
	if got := app.Middleware(); len(got) != 1 || got[0] != sitefile.Name {
		t.Errorf("middleware = %v, want [sitefile]", got)
	}
}

// TestManyFiles goes past the size where lookups switch to a map.
func TestManyFiles(t *testing.T) {
	files := map[string]sitefile.File{}
	for i := range 12 {
		files["/f"+strconv.Itoa(i)+".txt"] = sitefile.File{Bytes: []byte(strconv.Itoa(i))}
	}
	app := eggtest.New(t, onerror.Module, sitefile.Module, routes, config(func(c *sitefile.Config) { c.Files = files }))
	for i := range 12 {
		app.GET("/f" + strconv.Itoa(i) + ".txt").Do().Status(200).BodyEquals(strconv.Itoa(i))
	}
	app.GET("/favicon.ico").Do().Status(http.StatusNoContent)
	app.GET("/f12.txt").Do().Status(http.StatusNotFound)
	app.GET("/").Do().Status(200)
}

func TestBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(c *sitefile.Config)
		want []string
	}{
		{"favicon twice", func(c *sitefile.Config) {
			c.Favicon = "testdata/favicon.ico"
			c.Files = map[string]sitefile.File{"/favicon.ico": {URL: "/x.ico"}}
		}, []string{"Favicon", `Files["/favicon.ico"] is set as well`}},
		{"favicon URL without host", func(c *sitefile.Config) { c.Favicon = "https:///x.ico" }, []string{"Favicon", "absolute http(s) URL"}},
		{"missing favicon file", func(c *sitefile.Config) { c.Favicon = "testdata/nope.ico" }, []string{"Favicon (SITEFILE_FAVICON)", "testdata/nope.ico", "cannot be read"}},
		{"missing file", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/robots.txt": {Path: "nope.txt"}}
		}, []string{`Files["/robots.txt"].Path`, "nope.txt"}},
		{"path without slash", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"robots.txt": {Bytes: []byte("x")}}
		}, []string{`entry "robots.txt"`, "not a request path"}},
		{"path with query", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/a?b": {Bytes: []byte("x")}}
		}, []string{"not a request path"}},
		{"no source", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/a.txt": {ContentType: "text/plain"}}
		}, []string{"exactly one of Bytes, Path and URL"}},
		{"two sources", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/a.txt": {Bytes: []byte("x"), URL: "/b.txt"}}
		}, []string{"exactly one of Bytes, Path and URL"}},
		{"protocol-relative URL", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/a.txt": {URL: "//evil.example/a"}}
		}, []string{`URL "//evil.example/a"`, "absolute http(s) URL"}},
		{"other scheme", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/a.txt": {URL: "javascript:alert(1)"}}
		}, []string{"absolute http(s) URL"}},
		{"content type on a redirect", func(c *sitefile.Config) {
			c.Files = map[string]sitefile.File{"/a.txt": {URL: "/b.txt", ContentType: "text/plain"}}
		}, []string{"ContentType on a redirect"}},
		{"empty cache control", func(c *sitefile.Config) { c.CacheControl = "" }, []string{"CacheControl", `"none"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, sitefile.Module, routes, config(tc.cfg))
			if err == nil {
				t.Fatal("the app started")
			}
			for _, w := range append(tc.want, "sitefile") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestWithoutEgg(t *testing.T) {
	cfg := sitefile.DefaultConfig()
	cfg.Files = map[string]sitefile.File{"/robots.txt": {Path: "robots.txt"}}
	m, err := sitefile.New(cfg, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	h := m.Handler(http.NotFoundHandler())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/robots.txt", nil))
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "User-agent: *") {
		t.Errorf("GET /robots.txt: %d %q", w.Code, w.Body.String())
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/favicon.ico", nil))
	if w.Code != http.StatusNoContent {
		t.Errorf("GET /favicon.ico: %d, want 204", w.Code)
	}
	if _, err := sitefile.New(sitefile.Config{}, ""); err == nil || !strings.Contains(err.Error(), "sitefile") {
		t.Errorf("New with an empty CacheControl: %v", err)
	}
}
