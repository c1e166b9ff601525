package view_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
)

// site is the base dir of the test site in testdata.
func site(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "site"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// pages is an app module with the routes the tests render through: each
// renders the template named by the path, with data from the query.
func pages() egg.ModuleOption {
	return egg.Module("pages", egg.Routes(func(r *egg.Router) {
		r.Get("/", func(c *egg.Ctx) error {
			return view.Render(c, "home", map[string]any{"Name": c.Query("name")})
		}).Name("home")
		r.Get("/users/:id", func(c *egg.Ctx) error {
			return view.Render(c, "users/show", map[string]any{"ID": c.Param("id")})
		}).Name("user")
		r.Get("/render/*", func(c *egg.Ctx) error {
			return view.Render(c, c.Param("*"), map[string]any{"Name": c.Query("name")})
		})
	}))
}

// appOpts are the options of a test app on the test site plus extra.
func appOpts(t testing.TB, extra ...fx.Option) []fx.Option {
	return append([]fx.Option{egg.BaseDir(site(t)), onerror.Module, view.Module, pages()}, extra...)
}

// writeFile writes a template file under dir, creating directories.
func writeFile(t testing.TB, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
