package cors_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/cors"
)

// The module in an egg app: allow one front-end, with cookies.
func Example() {
	app, err := egg.New(
		egg.Env("unittest"),
		cors.Module,
		egg.Configure(func(c *cors.Config) {
			c.AllowOrigins = []string{"https://app.example.com"}
			c.AllowCredentials = true
		}),
		egg.Module("api", egg.Routes(func(r *egg.Router) {
			r.Get("/api/users", func(c *egg.Ctx) error { return c.JSON(http.StatusOK, []string{"ann"}) })
		})),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := app.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer app.Stop(context.Background())

	req := httptest.NewRequest(http.MethodOptions, "/api/users", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(app.Middleware())
	fmt.Println(rec.Code, rec.Header().Get("Access-Control-Allow-Origin"), rec.Header().Get("Access-Control-Allow-Credentials"))
	// Output:
	// [cors]
	// 204 https://app.example.com true
}

// Start-up refuses an app that allows no origin, naming what to set.
func Example_noOrigin() {
	_, err := egg.New(egg.Env("unittest"), cors.Module)
	var fe *egg.ConfigFieldError
	if errors.As(err, &fe) {
		fmt.Printf("%s %s: %s\n", fe.Module, fe.Field, fe.Reason)
	}
	// Output:
	// cors AllowOrigins: no origin is allowed, so browsers would refuse every cross-origin request; list the sites that call this API, e.g. CORS_ALLOW_ORIGINS=https://app.example.com,https://admin.example.com, set AllowOriginFunc, or use "*" for a public API without credentials
}

// New works around any http.Handler, without egg.
func ExampleNew() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "[]") })
	h := cors.New(cors.Config{
		AllowOrigins: []string{"https://app.example.com"},
		AllowMethods: []string{"GET", "POST"},
	})(mux)

	for _, origin := range []string{"https://app.example.com", "https://evil.example"} {
		req := httptest.NewRequest(http.MethodOptions, "/users", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Printf("%s: %d %q\n", origin, rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// https://app.example.com: 204 "https://app.example.com"
	// https://evil.example: 403 ""
}
