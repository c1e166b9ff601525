package egg_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
)

// UseMiddleware turns on a named middleware with Egg's match, ignore and
// enable options in one line.
func ExampleUseMiddleware() {
	apiVersion := egg.Middleware("apiVersion", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-API-Version", "2")
			next.ServeHTTP(w, r)
		})
	})
	app, _ := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		egg.Module("api", apiVersion, egg.Routes(func(r *egg.Router) {
			r.Get("/api/users/:id", func(c *egg.Ctx) error { return c.Text(200, "user "+c.Param("id")) })
			r.Get("/", func(c *egg.Ctx) error { return c.Text(200, "home") })
		})),
		egg.UseMiddleware("apiVersion", egg.Match("/api")), // Egg: middleware: ['apiVersion'], apiVersion: { match: '/api' }
	)
	_ = app.Start(context.Background())
	defer app.Stop(context.Background())

	for _, path := range []string{"/api/users/%32", "/"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%s: %s (version %q)\n", path, w.Body.String(), w.Header().Get("X-API-Version"))
	}
	// Output:
	// /api/users/%32: user 2 (version "2")
	// /: home (version "")
}
