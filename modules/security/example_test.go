package security_test

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"go.uber.org/fx"
)

// startExample starts an app with onerror and security and the given
// options; stop it when done.
func startExample(opts ...fx.Option) (*egg.App, func()) {
	dir, _ := os.MkdirTemp("", "security-example")
	app, err := egg.New(append([]fx.Option{egg.Env("unittest"), egg.BaseDir(dir), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"example-key"} }),
		onerror.Module, security.Module}, opts...)...)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	return app, func() { _ = app.Stop(context.Background()); _ = os.RemoveAll(dir) }
}

func send(h http.Handler, method, target string, kv ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Set(kv[i], kv[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// With the module on (modules.Default() includes it), a browser's
// cross-site POST is refused while API clients pass, every response gets
// the security headers, and Ctx.Redirect keeps clients on the app's host.
func Example() {
	app, stop := startExample(egg.Module("site", egg.Routes(func(r *egg.Router) {
		r.Post("/comments", func(c *egg.Ctx) error { return c.Text(201, "saved") })
		r.Get("/login", func(c *egg.Ctx) error { return c.Redirect(302, c.Query("next")) })
	})))
	defer stop()

	w := send(app, "POST", "/comments", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	fmt.Println("cross-site form post:", w.Code, strings.TrimSpace(w.Body.String()))
	w = send(app, "POST", "/comments")
	fmt.Println("API client:", w.Code, w.Body.String(), "| X-Frame-Options:", w.Header().Get("X-Frame-Options"))
	for _, next := range []string{"/dashboard", "//evil.example", "https://evil.example/login"} {
		w = send(app, "GET", "/login?next="+url.QueryEscape(next))
		fmt.Printf("redirect to %s: Location %s\n", next, w.Header().Get("Location"))
	}
	// Output:
	// cross-site form post: 403 {"code":"cross_origin_request","message":"cross-origin request refused (CSRF protection): a browser sent it from another site; if that site is yours, add its origin to the security module's CSRF.TrustedOrigins"}
	// API client: 201 saved | X-Frame-Options: SAMEORIGIN
	// redirect to /dashboard: Location /dashboard
	// redirect to //evil.example: Location /
	// redirect to https://evil.example/login: Location /
}

var formPage = template.Must(template.New("form").Parse(
	`<form method="post" action="/comments"><input type="hidden" name="_csrf" value="{{.}}"><textarea name="text"></textarea></form>`))

// In token mode (Egg's ctoken), pages put CSRFToken in their forms, and a
// POST must echo the csrfToken cookie's secret in the _csrf field, the
// _csrf query parameter or the x-csrf-token header.
func ExampleCSRFToken() {
	app, stop := startExample(
		egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken }),
		egg.Module("site", egg.Routes(func(r *egg.Router) {
			r.Get("/new", func(c *egg.Ctx) error {
				var b strings.Builder
				if err := formPage.Execute(&b, security.CSRFToken(c)); err != nil {
					return err
				}
				return c.HTML(200, b.String())
			})
			r.Post("/comments", func(c *egg.Ctx) error { return c.Text(201, "saved") })
		})))
	defer stop()

	page := send(app, "GET", "/new")
	cookie := page.Result().Cookies()[0]
	token := strings.Split(strings.Split(page.Body.String(), `name="_csrf" value="`)[1], `"`)[0]
	fmt.Println("page sets cookie:", cookie.Name)

	w := send(app, "POST", "/comments", "Cookie", cookie.Name+"="+cookie.Value)
	fmt.Println("without the token:", w.Code)
	w = send(app, "POST", "/comments?_csrf="+url.QueryEscape(token), "Cookie", cookie.Name+"="+cookie.Value)
	fmt.Println("with the token:", w.Code)
	// Output:
	// page sets cookie: csrfToken
	// without the token: 403
	// with the token: 201
}

func ExampleSafeRedirect() {
	for _, target := range []string{"/orders/7", "https://shop.example/cart", "https://pay.partner.example/", "//evil.example", `/\evil.example`, "javascript:alert(1)"} {
		got, ok := security.SafeRedirect(target, "shop.example", []string{".partner.example"})
		fmt.Printf("%-30s → %-30s %v\n", target, got, ok)
	}
	// Output:
	// /orders/7                      → /orders/7                      true
	// https://shop.example/cart      → https://shop.example/cart      true
	// https://pay.partner.example/   → https://pay.partner.example/   true
	// //evil.example                 → /                              false
	// /\evil.example                 → /                              false
	// javascript:alert(1)            → /                              false
}
