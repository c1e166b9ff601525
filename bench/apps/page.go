package apps

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
)

// pageFiles are the page's templates (page/app/view: a page and its
// layout) and messages (page/config/locales, en-US and zh-CN), in Egg's
// layout under page/. The Egg.js twin (bench/eggjs) reads the same message
// files and renders the same HTML from nunjucks templates.
//
//go:embed page
var pageFiles embed.FS

// PageUser is the user the benchmarks sign in with GET /login?user=.
const PageUser = "ada"

// PageFile is one line of the page's file list.
type PageFile struct {
	Name string
	Size int
}

// pageData is what app/view/page.html renders.
type pageData struct {
	User  string
	Files []PageFile
}

// pageFileList is the page's list: fixed, so both frameworks render the
// same bytes.
var pageFileList = []PageFile{
	{"notes.txt", 1204}, {"photo.jpg", 48213}, {"plan.png", 9921}, {"todo.txt", 87}, {"report.txt", 30412},
}

// Page returns the module of the server-rendered page, a bench twin of
// _examples/site's /me, for the default stack (modules.Default(): it needs
// the session, i18n and view modules):
//
//	GET /page          the signed-in user's page: reads the session,
//	                   translates two messages (i18n's __) and renders
//	                   page.html in layouts/main.html (view); 302 /login
//	                   without a user in the session
//	GET /login?user=U  stores U as the session's user and answers 204
//	                   (a bench shortcut standing in for a sign-in form,
//	                   so a load generator can get the cookie with one GET)
//
// It also sets the app keys the session cookie is encrypted with (fixed,
// not secret: benchmarks only) and points view and i18n at the embedded
// files.
func Page() fx.Option {
	root, err := fs.Sub(pageFiles, "page")
	if err != nil {
		return fx.Error(fmt.Errorf("bench/apps: page files: %w", err))
	}
	locales, err := fs.Sub(root, "config/locales")
	if err != nil {
		return fx.Error(fmt.Errorf("bench/apps: page locales: %w", err))
	}
	return egg.Module("bench.page",
		egg.Configure(func(c *egg.AppConfig) {
			if len(c.Keys) == 0 {
				c.Keys = []string{"egg-bench-page-keys-not-secret-0123456789"}
			}
		}),
		egg.Configure(func(c *view.Config) { c.FS = root }),
		i18n.WithFS(locales),
		egg.Routes(func(r *egg.Router) {
			r.Get("/page", showPage)
			r.Get("/login", login)
		}),
	)
}

// showPage answers GET /page.
func showPage(c *egg.Ctx) error {
	user, _ := session.Value[string](session.Get(c), "user")
	if user == "" {
		return c.Redirect(http.StatusFound, "/login")
	}
	return view.Render(c, "page", pageData{User: user, Files: pageFileList})
}

// login answers GET /login?user=NAME: NAME becomes the session's user.
func login(c *egg.Ctx) error {
	user := c.Query("user")
	if user == "" {
		return egg.NewError(http.StatusBadRequest, "missing_user", "name the user: GET /login?user=ada")
	}
	if err := session.Get(c).Set("user", user); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
