package jwt_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/eggtest"
	gojwt "github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
)

// hs signs claims with the test secret.
func hs(t *testing.T, claims gojwt.Claims) string {
	t.Helper()
	return mint(t, gojwt.SigningMethodHS256, []byte(secret), claims)
}

func TestRevoked(t *testing.T) {
	var asked []string
	app := newApp(t, egg.Configure(hsConfig),
		fx.Provide(func() jwt.Revoker {
			return jwt.RevokedBy(func(ctx context.Context, c *UserClaims) (bool, error) {
				if ctx == nil {
					t.Error("IsRevoked got a nil context")
				}
				asked = append(asked, c.Subject)
				if c.Subject == "broken-store" {
					return false, errors.New("redis: connection refused")
				}
				return c.Subject == "bob", nil
			})
		}))
	app.GET("/api/me").Header("Authorization", bearer(hs(t, valid("ada")))).Do().Status(http.StatusOK)
	app.GET("/api/me").Header("Authorization", bearer(hs(t, valid("bob")))).Do().
		Status(http.StatusUnauthorized).
		Header("WWW-Authenticate", `Bearer error="invalid_token", error_description="The token has been revoked"`).
		JSONEquals(`{"code":"invalid_token","message":"The token has been revoked"}`)
	// A store that fails refuses the request (fails closed) as a server
	// error: the client cannot fix it.
	r := app.GET("/api/me").Header("Authorization", bearer(hs(t, valid("broken-store")))).Do().Status(http.StatusInternalServerError)
	if strings.Contains(r.Body(), "\"sub\"") {
		t.Errorf("a failed revocation check let the request through: %s", r.Body())
	}
	app.ExpectLog("the Revoker failed, so the token was refused: redis: connection refused")
	// The Revoker is asked only about tokens that check out.
	app.GET("/api/me").Header("Authorization", bearer(tamper(hs(t, valid("eve"))))).Do().Status(http.StatusUnauthorized)
	if strings.Join(asked, ",") != "ada,bob,broken-store" {
		t.Errorf("IsRevoked asked about %v", asked)
	}
}

// RevokedBy with a type that is not the registered one fails loudly.
func TestRevokedByWrongType(t *testing.T) {
	type Other struct{ jwt.RegisteredClaims }
	app := newApp(t, egg.Configure(hsConfig), fx.Provide(func() jwt.Revoker {
		return jwt.RevokedBy(func(context.Context, *Other) (bool, error) { return false, nil })
	}))
	app.GET("/api/me").Header("Authorization", bearer(hs(t, valid("ada")))).Do().Status(http.StatusInternalServerError)
	app.ExpectLog("register the type with jwt.WithClaims")
}

func TestIssuerAndAudience(t *testing.T) {
	app := newApp(t, egg.Configure(func(c *jwt.Config) {
		hsConfig(c)
		c.Issuer = "https://id.example.com"
		c.Audience = []string{"api", "admin"}
	}))
	claims := func(iss string, aud ...string) *UserClaims {
		c := valid("ada")
		c.Issuer, c.Audience = iss, aud
		return c
	}
	tests := []struct {
		name   string
		claims *UserClaims
		status int
		msg    string
	}{
		{"right issuer and audience", claims("https://id.example.com", "api"), 200, ""},
		{"one of the audiences", claims("https://id.example.com", "other", "admin"), 200, ""},
		{"wrong issuer", claims("https://evil.example.com", "api"), 401, "The token is for another issuer"},
		{"no issuer", claims("", "api"), 401, "The token is for another issuer"},
		{"wrong audience", claims("https://id.example.com", "billing"), 401, "The token is for another audience"},
		{"no audience", claims("https://id.example.com"), 401, "The token is for another audience"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := app.WithT(t).GET("/api/me").Header("Authorization", bearer(hs(t, tt.claims))).Do().Status(tt.status)
			if tt.msg != "" {
				r.JSONEquals(`{"code":"invalid_token","message":"` + tt.msg + `"}`)
			}
		})
	}
}

func TestLeeway(t *testing.T) {
	c := valid("ada")
	c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-10 * time.Second))
	tok := hs(t, c)
	strict := newApp(t, egg.Configure(hsConfig))
	strict.GET("/api/me").Header("Authorization", bearer(tok)).Do().Status(http.StatusUnauthorized)
	lenient := newApp(t, egg.Configure(func(c *jwt.Config) { hsConfig(c); c.Leeway = time.Minute }))
	lenient.GET("/api/me").Header("Authorization", bearer(tok)).Do().Status(http.StatusOK)
}

func TestRequireExpirationOff(t *testing.T) {
	c := valid("ada")
	c.ExpiresAt = nil
	app := newApp(t, egg.Configure(func(c *jwt.Config) { hsConfig(c); c.RequireExpiration = false }))
	app.GET("/api/me").Header("Authorization", bearer(hs(t, c))).Do().Status(http.StatusOK)
}

// CredentialsRequired false lets anonymous requests through with no
// claims; a bad token is still refused.
func TestCredentialsNotRequired(t *testing.T) {
	app := newApp(t, egg.Configure(func(c *jwt.Config) { hsConfig(c); c.CredentialsRequired = false }))
	app.GET("/api/me").Do().Status(http.StatusOK).JSONEquals(`{"anonymous":true}`)
	app.GET("/api/me").Header("Authorization", "Basic YTpi").Do().Status(http.StatusOK).JSONEquals(`{"anonymous":true}`)
	app.GET("/api/me").Header("Authorization", bearer(hs(t, valid("ada")))).Do().
		Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"admin"}`)
	expired := valid("ada")
	expired.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
	app.GET("/api/me").Header("Authorization", bearer(hs(t, expired))).Do().
		Status(http.StatusUnauthorized).JSONEquals(`{"code":"invalid_token","message":"The token has expired"}`)
	app.GET("/api/me").Header("Authorization", "Bearer").Do().Status(http.StatusUnauthorized)
}

// Per-route middleware: Required and Optional, whatever the config says,
// without the named middleware in the chain.
func TestRouteMiddleware(t *testing.T) {
	app := newApp(t, egg.Configure(func(c *jwt.Config) { hsConfig(c); c.CredentialsRequired = false }))
	tok := bearer(hs(t, valid("ada")))
	app.GET("/routed").Do().Status(http.StatusUnauthorized).
		Header("WWW-Authenticate", "Bearer").
		JSONEquals(`{"code":"credentials_required","message":"No authorization token was found"}`)
	app.GET("/routed").Header("Authorization", tok).Do().Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"admin"}`)
	app.GET("/maybe").Do().Status(http.StatusOK).JSONEquals(`{"anonymous":true}`)
	app.GET("/maybe").Header("Authorization", tok).Do().Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"admin"}`)
	app.GET("/maybe").Header("Authorization", bearer(tamper(hs(t, valid("ada"))))).Do().Status(http.StatusUnauthorized)
}

// With the named middleware and a route middleware on one path, the
// token is checked once: the Revoker is asked once per request.
func TestVerifiedOnce(t *testing.T) {
	n := 0
	app := newApp(t, egg.Configure(hsConfig),
		egg.UseMiddleware(jwt.Name), // on every path, /routed included
		fx.Provide(func() jwt.Revoker {
			return jwt.RevokerFunc(func(context.Context, gojwt.Claims) (bool, error) { n++; return false, nil })
		}))
	app.GET("/routed").Header("Authorization", bearer(hs(t, valid("ada")))).Do().Status(http.StatusOK)
	if n != 1 {
		t.Errorf("the token was checked %d times, want 1", n)
	}
}

func TestCookieAndQuery(t *testing.T) {
	tok := hs(t, valid("ada"))
	off := newApp(t, egg.Configure(hsConfig))
	off.GET("/api/me").Cookie(&http.Cookie{Name: "access_token", Value: tok}).Do().Status(http.StatusUnauthorized)
	off.GET("/api/me").Query("access_token", tok).Do().Status(http.StatusUnauthorized)

	on := newApp(t, egg.Configure(func(c *jwt.Config) {
		hsConfig(c)
		c.Cookie = "access_token"
		c.Query = "access_token"
	}))
	on.GET("/api/me").Cookie(&http.Cookie{Name: "access_token", Value: tok}).Do().Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"admin"}`)
	on.GET("/api/me").Query("access_token", tok).Do().Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"admin"}`)
	on.GET("/api/me").Query("access_token", "not a token").Do().Status(http.StatusUnauthorized)
	on.GET("/api/me").Cookie(&http.Cookie{Name: "access_token", Value: tamper(tok)}).Do().Status(http.StatusUnauthorized)
	// The header wins over the cookie, and a malformed header is not
	// rescued by a good cookie.
	on.GET("/api/me").Header("Authorization", "Bearer").Cookie(&http.Cookie{Name: "access_token", Value: tok}).Do().Status(http.StatusUnauthorized)
}

func TestRealm(t *testing.T) {
	app := newApp(t, egg.Configure(func(c *jwt.Config) { hsConfig(c); c.Realm = "example" }))
	app.GET("/api/me").Do().Status(http.StatusUnauthorized).Header("WWW-Authenticate", `Bearer realm="example"`)
	app.GET("/api/me").Header("Authorization", "Bearer x.y.z").Do().Status(http.StatusUnauthorized).
		Header("WWW-Authenticate", `Bearer realm="example", error="invalid_token", error_description="The token is malformed"`)
}

// Claims of another type than the registered one report no claims.
func TestClaimsTypeMismatch(t *testing.T) {
	type Other struct{ jwt.RegisteredClaims }
	app := newApp(t, egg.Configure(hsConfig), egg.Routes(func(r *egg.Router) {
		r.Get("/api/other", func(c *egg.Ctx) error {
			_, okOther := jwt.Claims[Other](c)
			u, okUser := jwt.Claims[UserClaims](c)
			if okOther || !okUser || u.Subject != "ada" {
				return c.Text(http.StatusTeapot, "wrong")
			}
			return c.Text(http.StatusOK, "ok")
		})
	}))
	app.GET("/api/other").Header("Authorization", bearer(hs(t, valid("ada")))).Do().Status(http.StatusOK)
}

// Without WithClaims, tokens decode into RegisteredClaims.
func TestDefaultClaimsType(t *testing.T) {
	app := eggtest.New(t, jwt.Module, egg.Configure(hsConfig), egg.UseMiddleware(jwt.Name),
		egg.Routes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				rc, ok := jwt.Claims[jwt.RegisteredClaims](c)
				if !ok {
					return c.Text(http.StatusTeapot, "no claims")
				}
				return c.Text(http.StatusOK, rc.Subject)
			})
		}))
	app.GET("/").Header("Authorization", bearer(hs(t, valid("ada")))).Do().Status(http.StatusOK).BodyEquals("ada")
	// Without onerror, egg's plain renderer still sends the message and
	// the challenge.
	app.GET("/").Do().Status(http.StatusUnauthorized).Header("WWW-Authenticate", "Bearer").
		BodyContains("No authorization token was found")
}

// Without egg: NewVerifier's middleware around a plain mux, claims read
// with ClaimsFrom, refusals in plain text with the same status and header.
func TestWithoutEgg(t *testing.T) {
	cfg := jwt.DefaultConfig()
	cfg.Secret = secret
	v, err := jwt.NewVerifier(cfg, jwt.Options{Claims: jwt.ClaimsOf[UserClaims]()})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/me", func(w http.ResponseWriter, r *http.Request) {
		u, ok := jwt.ClaimsFrom[UserClaims](r)
		if !ok {
			http.Error(w, "no claims", http.StatusTeapot)
			return
		}
		_, _ = w.Write([]byte(u.Subject + " " + u.Role))
	})
	srv := serve(t, v.Middleware(mux))
	if a := call(t, srv, "/me", bearer(hs(t, valid("ada")))); a.status != 200 || a.body != "ada admin" {
		t.Errorf("valid token: %d %q", a.status, a.body)
	}
	a := call(t, srv, "/me")
	if a.status != 401 || a.header.Get("WWW-Authenticate") != "Bearer" || !strings.Contains(a.body, "No authorization token was found") {
		t.Errorf("no token: %d %q %v", a.status, a.body, a.header)
	}
	a = call(t, srv, "/me", bearer(tamper(hs(t, valid("ada")))))
	if a.status != 401 || !strings.Contains(a.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("tampered: %d %q %v", a.status, a.body, a.header)
	}
	// A handler that reads claims outside any middleware finds none.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	if _, ok := jwt.ClaimsFrom[UserClaims](r); ok {
		t.Error("ClaimsFrom found claims on a bare request")
	}
}
