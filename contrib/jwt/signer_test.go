package jwt_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/eggtest"
	gojwt "github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
)

// A login route signs with the injected Signer (Egg's app.jwt.sign); the
// token it hands out opens the API, for each kind of key.
func TestSignerInApp(t *testing.T) {
	k := keys()
	for _, tt := range []struct {
		name, alg string
		config    func(*jwt.Config)
	}{
		{"HS256", "HS256", hsConfig},
		{"RS256", "RS256", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PrivateKey = privatePEM(t, k.rsa) }},
		{"ES256", "ES256", func(c *jwt.Config) { c.Algorithms = []string{"ES256"}; c.PrivateKey = privatePEM(t, k.ec) }},
		{"EdDSA", "EdDSA", func(c *jwt.Config) { c.Algorithms = []string{"EdDSA"}; c.PrivateKey = privatePEM(t, k.ed) }},
		{"first algorithm the key fits", "PS256", func(c *jwt.Config) {
			c.Algorithms = []string{"ES256", "PS256", "RS256"}
			c.PrivateKey = privatePEM(t, k.rsa)
			c.PublicKey = publicPEM(t, k.ec)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var signer *jwt.Signer
			app := newApp(t, egg.Configure(tt.config), egg.Configure(func(c *jwt.Config) {
				c.KeyID = "key-1"
				c.Issuer = "https://id.example.com"
				c.Audience = []string{"api"}
			}), fx.Populate(&signer), egg.Routes(func(r *egg.Router, s *jwt.Signer) {
				r.Post("/login", func(c *egg.Ctx) error {
					tok, err := s.Sign(&UserClaims{RegisteredClaims: s.Claims("ada"), Role: "editor"})
					if err != nil {
						return err
					}
					return c.Text(http.StatusOK, tok)
				})
			}))
			if signer.Algorithm() != tt.alg {
				t.Errorf("Algorithm() = %s, want %s", signer.Algorithm(), tt.alg)
			}
			tok := app.POST("/login").Do().Status(http.StatusOK).Body()
			parsed, _, err := gojwt.NewParser().ParseUnverified(tok, &UserClaims{})
			if err != nil {
				t.Fatal(err)
			}
			if parsed.Header["kid"] != "key-1" || parsed.Header["alg"] != tt.alg {
				t.Errorf("header %v", parsed.Header)
			}
			c := parsed.Claims.(*UserClaims)
			if exp := c.ExpiresAt.Sub(c.IssuedAt.Time); exp != time.Hour || c.Issuer != "https://id.example.com" || c.Audience[0] != "api" {
				t.Errorf("claims %+v (lifetime %v)", c, exp)
			}
			app.GET("/api/me").Header("Authorization", bearer(tok)).Do().Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"editor"}`)
		})
	}
}

// Verify and VerifyAs (Egg's app.jwt.verify) outside the middleware: the
// error is the same 401 the middleware sends, and wraps golang-jwt's.
func TestVerify(t *testing.T) {
	var v *jwt.Verifier
	var s *jwt.Signer
	newApp(t, egg.Configure(hsConfig), fx.Populate(&v, &s))
	ctx := context.Background()
	tok, err := s.Sign(&UserClaims{RegisteredClaims: s.Claims("ada"), Role: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	claims, err := v.Verify(ctx, tok)
	if err != nil || claims.(*UserClaims).Role != "admin" {
		t.Fatalf("Verify: %v %v", claims, err)
	}
	u, err := jwt.VerifyAs[UserClaims](ctx, v, tok)
	if err != nil || u.Subject != "ada" {
		t.Fatalf("VerifyAs: %v %v", u, err)
	}
	if _, err := jwt.VerifyAs[jwt.RegisteredClaims](ctx, v, tok); err == nil || !strings.Contains(err.Error(), "tokens decode into *jwt_test.UserClaims") {
		t.Errorf("VerifyAs with the wrong type: %v", err)
	}

	expired := valid("ada")
	expired.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Minute))
	_, err = v.Verify(ctx, hs(t, expired))
	var e *egg.Error
	if !errors.As(err, &e) || e.Status != 401 || e.Code != jwt.CodeInvalidToken || !errors.Is(err, gojwt.ErrTokenExpired) {
		t.Errorf("expired: %#v", err)
	}
	for _, bad := range []string{"", "x", strings.Repeat("a", 20000), "a b.c.d", tamper(tok)} {
		if _, err := v.Verify(ctx, bad); !errors.As(err, &e) || e.Status != 401 {
			t.Errorf("Verify(%.20q) = %v, want a 401", bad, err)
		}
	}
}

func TestSignRefusals(t *testing.T) {
	cfg := jwt.DefaultConfig()
	cfg.Secret = secret
	cfg.Issuer = "https://id.example.com"
	cfg.Audience = []string{"api"}
	s, err := jwt.NewSigner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	noExp := s.Claims("ada")
	noExp.ExpiresAt = nil
	otherIss := s.Claims("ada")
	otherIss.Issuer = "someone else"
	otherAud := s.Claims("ada")
	otherAud.Audience = jwt.ClaimStrings{"billing"}
	for name, tt := range map[string]struct {
		claims gojwt.Claims
		want   string
	}{
		"nil":            {nil, "Sign(nil)"},
		"no exp":         {&noExp, `the claims have no "exp"`},
		"other issuer":   {&otherIss, `the claims' "iss" is "someone else" but Config.Issuer (JWT_ISSUER) is "https://id.example.com"`},
		"other audience": {&otherAud, `the claims' "aud" ["billing"] has none of Config.Audience`},
	} {
		if _, err := s.Sign(tt.claims); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want it to contain %q", name, err, tt.want)
		}
	}
	good := s.Claims("ada")
	if _, err := s.Sign(&good); err != nil {
		t.Errorf("Sign(Claims): %v", err)
	}
}

// A verify-only config (public keys) cannot sign: injecting *jwt.Signer
// fails start-up and says what to set; not injecting it is fine.
func TestSignerNeedsAKey(t *testing.T) {
	k := keys()
	pub := egg.Configure(func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKey = publicPEM(t, k.rsa) })
	_, err := eggtest.Start(t, jwt.Module, pub, fx.Invoke(func(*jwt.Signer) {}))
	if err == nil || !strings.Contains(err.Error(), "*jwt.Signer needs a signing key, but Algorithms [RS256] verify with public keys only; set JWT_PRIVATE_KEY_FILE") {
		t.Fatalf("start-up error: %v", err)
	}
	eggtest.New(t, jwt.Module, pub)
}
