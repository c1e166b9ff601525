package jwt_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	gojwt "github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
)

// secret is the HS256 test secret (32 bytes or more).
const secret = "test-secret-0123456789abcdef-0123456789"

// UserClaims is the app's claims type in the tests.
type UserClaims struct {
	jwt.RegisteredClaims
	Role string `json:"role"`
}

// testKeys are generated once per test binary (RSA generation is slow).
type testKeys struct {
	rsa, rsa2 *rsa.PrivateKey
	ec        *ecdsa.PrivateKey
	ec384     *ecdsa.PrivateKey
	ed        ed25519.PrivateKey
}

var keysOnce = sync.OnceValue(func() testKeys {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	var k testKeys
	var err error
	k.rsa, err = rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	k.rsa2, err = rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	k.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	k.ec384, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	must(err)
	_, k.ed, err = ed25519.GenerateKey(rand.Reader)
	must(err)
	return k
})

func keys() testKeys { return keysOnce() }

// publicPEM returns the PKIX PEM of a private key's public half.
func publicPEM(t testing.TB, k crypto.Signer) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// privatePEM returns the PKCS #8 PEM of a private key.
func privatePEM(t testing.TB, k crypto.Signer) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// valid returns claims for a token valid now for an hour.
func valid(sub string) *UserClaims {
	now := time.Now()
	return &UserClaims{Role: "admin", RegisteredClaims: jwt.RegisteredClaims{
		Subject:   sub,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}}
}

// mint signs claims with method and key; header entries are added to
// (or replace) the token's header.
func mint(t testing.TB, method gojwt.SigningMethod, key any, claims gojwt.Claims, header ...string) string {
	t.Helper()
	tok := gojwt.NewWithClaims(method, claims)
	for i := 0; i+1 < len(header); i += 2 {
		tok.Header[header[i]] = header[i+1]
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unsigned builds an unsigned token (alg "none" or a variant) by hand (golang-jwt refuses to sign
// one without its unsafe constant).
func unsigned(t testing.TB, alg string, claims any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": alg, "typ": "JWT"}) + "." + enc(claims) + "."
}

// tamper changes one character of the token's signature.
func tamper(tok string) string {
	i := strings.LastIndexByte(tok, '.') + 1
	b := []byte(tok)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// routes is the app under test: /api/me needs a token through the named
// middleware (matched on /api), /open has none, /routed requires one per
// route and /maybe takes one per route.
var routes = egg.Routes(func(r *egg.Router, v *jwt.Verifier) {
	me := func(c *egg.Ctx) error {
		u, ok := jwt.Claims[UserClaims](c)
		if !ok {
			return c.JSON(http.StatusOK, map[string]any{"anonymous": true})
		}
		return c.JSON(http.StatusOK, map[string]any{"sub": u.Subject, "role": u.Role})
	}
	r.Get("/api/me", me)
	r.Get("/open", me)
	r.With(v.Required()).Get("/routed", me)
	r.With(v.Optional()).Get("/maybe", me)
})

// hsConfig configures HS256 with the test secret.
func hsConfig(c *jwt.Config) { c.Secret = secret }

// newApp starts an app with onerror, the jwt module for UserClaims, the
// test routes and the middleware on /api; opts come last, so they win.
func newApp(t *testing.T, opts ...fx.Option) *eggtest.App {
	t.Helper()
	base := []fx.Option{onerror.Module, jwt.Module, jwt.WithClaims[UserClaims](), routes,
		egg.UseMiddleware(jwt.Name, egg.Match("/api"))}
	return eggtest.New(t, append(base, opts...)...).WithHeader("Accept", "application/json")
}

// bearer is an Authorization header value.
func bearer(tok string) string { return "Bearer " + tok }
