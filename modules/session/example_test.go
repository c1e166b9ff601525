package session_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/session"
	"go.uber.org/fx"
)

// exampleApp starts an app with the session module, a key and the routes
// of the examples, plus opts.
func exampleApp(opts ...fx.Option) *egg.App {
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"a-long-random-secret"}; c.DumpConfig = false }),
		session.Module,
		egg.Routes(func(r *egg.Router) {
			r.Post("/login", func(c *egg.Ctx) error {
				s := session.Get(c)
				s.Regenerate() // a new id at sign-in
				if err := s.Set("user", c.Query("user")); err != nil {
					return err
				}
				if err := s.AddFlash("info", "Welcome back!"); err != nil {
					return err
				}
				return c.Redirect(http.StatusFound, "/me")
			})
			r.Get("/me", func(c *egg.Ctx) error {
				s := session.Get(c)
				user, ok := session.Value[string](s, "user")
				if !ok {
					return c.Redirect(http.StatusFound, "/login")
				}
				return c.Text(200, fmt.Sprintf("%s %v", user, s.Flashes("info")))
			})
		})}, opts...)...)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	return app
}

// do sends one request with the cookie, if any, and returns the response.
func do(app http.Handler, method, path string, ck *http.Cookie) *http.Response {
	req := httptest.NewRequest(method, path, nil)
	if ck != nil {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec.Result()
}

func ExampleGet() {
	app := exampleApp()
	defer app.Stop(context.Background())

	res := do(app, "POST", "/login?user=alice", nil)
	ck := res.Cookies()[0]
	fmt.Println(res.StatusCode, ck.Name, ck.MaxAge, ck.HttpOnly)

	for range 2 { // the flash is shown once
		res = do(app, "GET", "/me", ck)
		body, _ := io.ReadAll(res.Body)
		fmt.Println(string(body))
		if cks := res.Cookies(); len(cks) > 0 {
			ck = cks[0] // reading the flash changed the session
		}
	}
	// Output:
	// 302 EGG_SESS 86400 true
	// alice [Welcome back!]
	// alice []
}

// Sessions kept on the server: provide a Store. The cookie then carries
// only the session's id, encrypted.
func ExampleNewMemoryStore() {
	store := session.NewMemoryStore(0)
	app := exampleApp(fx.Provide(func() session.Store { return store }))
	defer app.Stop(context.Background()) // closes the store's sweeper

	ck := do(app, "POST", "/login?user=alice", nil).Cookies()[0]
	fmt.Println("sessions in the store:", store.Len())
	body, _ := io.ReadAll(do(app, "GET", "/me", ck).Body)
	fmt.Println(string(body))
	// Output:
	// sessions in the store: 1
	// alice [Welcome back!]
}
