package jwt_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/modules/onerror"
)

// AppClaims is an app's claims type: the registered claims and its own.
type AppClaims struct {
	jwt.RegisteredClaims
	Role string `json:"role"`
}

// The module in an egg app: a login route signs with the injected Signer
// (Egg's app.jwt.sign), the "jwt" middleware guards /api, handlers read
// the typed claims.
func Example() {
	app, err := egg.New(
		egg.Env("unittest"),
		egg.LogOutput(io.Discard),
		onerror.Module,
		jwt.Module,
		jwt.WithClaims[AppClaims](),
		egg.Configure(func(c *jwt.Config) { c.Secret = "an-example-secret-of-32-bytes-or-more" }), // JWT_SECRET
		egg.UseMiddleware(jwt.Name, egg.Match("/api")),
		egg.Module("app", egg.Routes(func(r *egg.Router, signer *jwt.Signer) {
			r.Post("/login", func(c *egg.Ctx) error {
				tok, err := signer.Sign(&AppClaims{RegisteredClaims: signer.Claims("ada"), Role: "editor"})
				if err != nil {
					return err
				}
				return c.JSON(http.StatusOK, map[string]string{"token": tok})
			})
			r.Get("/api/me", func(c *egg.Ctx) error {
				me, _ := jwt.Claims[AppClaims](c)
				return c.Text(http.StatusOK, me.Subject+" is an "+me.Role)
			})
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

	do := func(method, path, auth string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, nil)
		r.Header.Set("Accept", "application/json")
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		return w
	}
	body := do(http.MethodPost, "/login", "").Body.String()
	tok := strings.Split(body, `"`)[3]

	fmt.Println(do(http.MethodGet, "/api/me", "Bearer "+tok).Body.String())
	w := do(http.MethodGet, "/api/me", "")
	fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"), strings.TrimSpace(w.Body.String()))
	w = do(http.MethodGet, "/api/me", "Bearer "+tok+"x")
	fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"))
	// Output:
	// ada is an editor
	// 401 Bearer {"code":"credentials_required","message":"No authorization token was found"}
	// 401 Bearer error="invalid_token", error_description="The token signature is invalid"
}

// Per route instead of by path: inject the Verifier and use Required
// (or Optional, for routes that also serve anonymous users).
func ExampleVerifier_Required() {
	_ = egg.Routes(func(r *egg.Router, v *jwt.Verifier) {
		r.With(v.Required()).Delete("/posts/:id", func(c *egg.Ctx) error {
			me, _ := jwt.Claims[AppClaims](c)
			if me.Role != "editor" {
				return egg.NewError(http.StatusForbidden, "forbidden", "editors only")
			}
			return c.NoContent(http.StatusNoContent)
		})
	})
}

// Without egg: a Verifier around any http.Handler, the claims read with
// ClaimsFrom.
func ExampleNewVerifier() {
	cfg := jwt.DefaultConfig()
	cfg.Secret = "an-example-secret-of-32-bytes-or-more"
	v, err := jwt.NewVerifier(cfg, jwt.Options{Claims: jwt.ClaimsOf[AppClaims]()})
	if err != nil {
		fmt.Println(err)
		return
	}
	signer, _ := jwt.NewSigner(cfg)
	tok, _ := signer.Sign(&AppClaims{RegisteredClaims: signer.Claims("ada"), Role: "editor"})

	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		me, _ := jwt.ClaimsFrom[AppClaims](r)
		fmt.Fprintf(w, "hello %s", me.Subject)
	}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output: 200 hello ada
}

// Verify a token that did not come in a header (a WebSocket message, a
// form field); the error is the 401 the middleware would send, and wraps
// golang-jwt's.
func ExampleVerifyAs() {
	cfg := jwt.DefaultConfig()
	cfg.Secret = "an-example-secret-of-32-bytes-or-more"
	v, _ := jwt.NewVerifier(cfg, jwt.Options{Claims: jwt.ClaimsOf[AppClaims]()})
	_, err := jwt.VerifyAs[AppClaims](context.Background(), v, "not-a-token")
	var e *egg.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status, e.Code, e.Message)
	}
	// Output: 401 invalid_token The token is malformed
}

// Start-up refuses an HS256 config without a secret, saying what to set.
func Example_noSecret() {
	_, err := egg.New(egg.Env("unittest"), jwt.Module)
	var fe *egg.ConfigFieldError
	if errors.As(err, &fe) {
		fmt.Printf("%s %s: %s\n", fe.Module, fe.Field, fe.Reason)
	}
	// Output:
	// jwt Secret: HS256 needs a shared secret and none is set; set JWT_SECRET to at least 32 random bytes, e.g. the output of: openssl rand -base64 48
}
