package egg_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// prefixGuard allows only targets under /safe and sends the rest to /.
type prefixGuard struct{}

func (prefixGuard) GuardRedirect(c *egg.Ctx, url string) string {
	if strings.HasPrefix(url, "/safe") {
		return url
	}
	c.SetHeader("X-Guarded", url)
	return "/"
}

func TestRedirectGuard(t *testing.T) {
	routes := withRoutes(func(r *egg.Router) {
		r.Get("/go", func(c *egg.Ctx) error { return c.Redirect(302, c.Query("to")) })
		r.Redirect("/old", "https://elsewhere.example/")
	})
	guarded := start(t, routes, fx.Provide(func() egg.RedirectGuard { return prefixGuard{} }))
	open := start(t, routes)
	tests := []struct {
		app          *egg.App
		path, want   string
		guardedValue string
	}{
		{guarded, "/go?to=/safe/x", "/safe/x", ""},
		{guarded, "/go?to=//evil.example", "/", "//evil.example"},
		{guarded, "/old", "/", "https://elsewhere.example/"},  // Router.Redirect goes through the guard too
		{open, "/go?to=//evil.example", "//evil.example", ""}, // no guard: sent as given
		{open, "/old", "https://elsewhere.example/", ""},
	}
	for _, tt := range tests {
		w := serve(tt.app, "GET", tt.path, nil)
		if w.Code/100 != 3 || w.Header().Get("Location") != tt.want || w.Header().Get("X-Guarded") != tt.guardedValue {
			t.Errorf("%s: %d Location %q X-Guarded %q; want 3xx %q %q", tt.path, w.Code,
				w.Header().Get("Location"), w.Header().Get("X-Guarded"), tt.want, tt.guardedValue)
		}
	}
}
