package jwt_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/eggtest"
	gojwt "github.com/golang-jwt/jwt/v5"
)

// Start-up refuses configs that cannot verify a token or are unsafe, and
// the message says what to set.
func TestStartupRefusals(t *testing.T) {
	k := keys()
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		config func(*jwt.Config)
		want   []string
	}{
		{"no secret", func(*jwt.Config) {}, []string{`config field Secret`, "HS256 needs a shared secret and none is set; set JWT_SECRET to at least 32 random bytes"}},
		{"short secret", func(c *jwt.Config) { c.Secret = "hunter2" }, []string{`config field Secret = <String len: 7>`, "is 7 bytes; HMAC secrets for these algorithms must be at least 32 bytes"}},
		{"HS512 needs 64 bytes", func(c *jwt.Config) { c.Secret = secret; c.Algorithms = []string{"HS512"} }, []string{"must be at least 64 bytes"}},
		{"none", func(c *jwt.Config) { c.Secret = secret; c.Algorithms = []string{"none"} }, []string{`config field Algorithms = [none]`, `"none" means unsigned tokens, which anyone can forge; it is never accepted`}},
		{"lower case", func(c *jwt.Config) { c.Secret = secret; c.Algorithms = []string{"hs256"} }, []string{`"hs256" is written "HS256"`}},
		{"unknown", func(c *jwt.Config) { c.Secret = secret; c.Algorithms = []string{"HS1"} }, []string{`"HS1" is not an algorithm this module knows; use one of HS256`}},
		{"empty list", func(c *jwt.Config) { c.Secret = secret; c.Algorithms = nil }, []string{"no algorithm is allowed"}},
		{"HS and RS mixed", func(c *jwt.Config) { c.Secret = secret; c.Algorithms = []string{"HS256", "RS256"} }, []string{"HS256 and RS256 mix a shared-secret algorithm with a public-key one"}},
		{"RS without a key", func(c *jwt.Config) { c.Algorithms = []string{"RS256"} }, []string{"RS256 needs a public key to verify tokens and none is set; set JWT_PUBLIC_KEY_FILE"}},
		{"secret with RS", func(c *jwt.Config) {
			c.Algorithms = []string{"RS256"}
			c.Secret = secret
			c.PublicKey = publicPEM(t, k.rsa)
		}, []string{"a shared secret is for HS algorithms"}},
		{"public key with HS", func(c *jwt.Config) { c.Secret = secret; c.PublicKey = publicPEM(t, k.rsa) }, []string{"public keys verify RS, PS, ES and EdDSA tokens, but Algorithms is HS256"}},
		{"PEM as secret", func(c *jwt.Config) { c.Secret = publicPEM(t, k.rsa) }, []string{"holds a PEM key, not a shared secret"}},
		{"RSA key for ES256", func(c *jwt.Config) { c.Algorithms = []string{"ES256"}; c.PublicKey = publicPEM(t, k.rsa) }, []string{"holds an RSA 2048-bit key, which none of the algorithms [ES256] verifies"}},
		{"P-384 key for ES256", func(c *jwt.Config) { c.Algorithms = []string{"ES256"}; c.PublicKey = publicPEM(t, k.ec384) }, []string{"holds an ECDSA P-384 key, which none of the algorithms [ES256] verifies"}},
		{"algorithm without key", func(c *jwt.Config) { c.Algorithms = []string{"RS256", "ES256"}; c.PublicKey = publicPEM(t, k.rsa) }, []string{"ES256 needs an ECDSA P-256 key and no configured key is one"}},
		{"1024-bit RSA", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKey = publicPEM(t, small) }, []string{"the RSA key has 1024 bits; use at least 2048"}},
		{"not PEM", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKey = "MIIBIjANBg" }, []string{"no PEM block found"}},
		{"private key as public", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKey = privatePEM(t, k.rsa) }, []string{`PEM block "PRIVATE KEY" is not a public key`}},
		{"both key and file", func(c *jwt.Config) {
			c.Algorithms = []string{"RS256"}
			c.PublicKey, c.PublicKeyFile = publicPEM(t, k.rsa), "/etc/key.pem"
		}, []string{"PublicKey and PublicKeyFile are both set; set one of them"}},
		{"missing file", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKeyFile = "/nonexistent/key.pem" }, []string{"cannot read PublicKeyFile: open /nonexistent/key.pem"}},
		{"Ed25519 private key for RS256", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PrivateKey = privatePEM(t, k.ed) }, []string{"is an Ed25519 key, which none of the algorithms [RS256] signs with"}},
		{"encrypted private key", func(c *jwt.Config) {
			c.Algorithms = []string{"RS256"}
			c.PrivateKey = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
		}, []string{"the private key is encrypted"}},
		{"JWKS over http", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.JWKSURL = "http://id.example.com/jwks.json" }, []string{"is plain http"}},
		{"JWKS not a URL", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.JWKSURL = "id.example.com/jwks" }, []string{"must be an absolute https URL"}},
		{"JWKS with HS", func(c *jwt.Config) { c.Secret = secret; c.JWKSURL = "https://id.example.com/jwks.json" }, []string{"a JWKS holds public keys"}},
		{"negative leeway", func(c *jwt.Config) { c.Secret = secret; c.Leeway = -time.Second }, []string{"config field Leeway", "must not be negative"}},
		{"huge leeway", func(c *jwt.Config) { c.Secret = secret; c.Leeway = time.Hour }, []string{"keeps expired tokens working"}},
		{"tiny min refresh", func(c *jwt.Config) { c.Secret = secret; c.JWKSMinRefresh = time.Millisecond }, []string{"config field JWKSMinRefresh"}},
		{"bad cookie name", func(c *jwt.Config) { c.Secret = secret; c.Cookie = "a b" }, []string{`"a b" is not a cookie name`}},
		{"quote in realm", func(c *jwt.Config) { c.Secret = secret; c.Realm = `a"b` }, []string{"config field Realm"}},
		{"empty audience", func(c *jwt.Config) { c.Secret = secret; c.Audience = []string{"api", " "} }, []string{"config field Audience"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eggtest.Start(t, jwt.Module, egg.Configure(tt.config))
			if err == nil {
				t.Fatal("the app started")
			}
			msg := err.Error()
			if !strings.Contains(msg, `module "jwt"`) {
				t.Errorf("the error does not name the module: %v", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error:\n%v\nwant it to contain:\n%s", msg, w)
				}
			}
		})
	}
}

// The config comes from JWT_ environment variables: algorithms, a PEM
// file, a PEM with literal \n, the audience list.
func TestEnvConfig(t *testing.T) {
	k := keys()
	dir := t.TempDir()
	file := filepath.Join(dir, "public.pem")
	if err := os.WriteFile(file, []byte(publicPEM(t, k.rsa)), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("JWT_ALGORITHMS", "RS256, PS256")
	t.Setenv("JWT_PUBLIC_KEY_FILE", file)
	t.Setenv("JWT_AUDIENCE", "api, admin")
	t.Setenv("JWT_LEEWAY", "5s")
	app := newApp(t)
	cfg := egg.ConfigOf[jwt.Config](app.Configs())
	if cfg.Leeway != 5*time.Second || len(cfg.Audience) != 2 {
		t.Errorf("config from env: %+v", cfg)
	}
	c := valid("ada")
	c.Audience = jwt.ClaimStrings{"admin"}
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, c))).Do().Status(http.StatusOK)
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodPS256, k.rsa, c))).Do().Status(http.StatusOK)
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS384, k.rsa, c))).Do().Status(http.StatusUnauthorized)
	// "aud" must name one of JWT_AUDIENCE.
	c.Audience = jwt.ClaimStrings{"billing"}
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, c))).Do().Status(http.StatusUnauthorized)
}

func TestEnvConfigInlinePEM(t *testing.T) {
	k := keys()
	t.Setenv("JWT_ALGORITHMS", "ES256")
	t.Setenv("JWT_PUBLIC_KEY", strings.ReplaceAll(publicPEM(t, k.ec), "\n", `\n`))
	app := newApp(t)
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodES256, k.ec, valid("ada")))).Do().Status(http.StatusOK)
}

func TestEnvConfigErrors(t *testing.T) {
	t.Setenv("JWT_SECRET", "short")
	_, err := eggtest.Start(t, jwt.Module)
	want := `egg: module "jwt" config field Secret = <String len: 5> (set by env JWT_SECRET) is invalid: is 5 bytes`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error:\n%v\nwant it to begin with:\n%s", err, want)
	}
}

// Several PEM blocks (a key rotation): tokens of either key pass.
func TestSeveralPublicKeys(t *testing.T) {
	k := keys()
	app := newApp(t, egg.Configure(func(c *jwt.Config) {
		c.Algorithms = []string{"RS256"}
		c.PublicKey = publicPEM(t, k.rsa) + publicPEM(t, k.rsa2)
	}))
	for _, key := range []*rsa.PrivateKey{k.rsa, k.rsa2} {
		app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS256, key, valid("ada")))).Do().Status(http.StatusOK)
	}
	// A PKCS #1 "RSA PUBLIC KEY" block works too.
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey)}))
	app2 := newApp(t, egg.Configure(func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKey = pkcs1 }))
	app2.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, valid("ada")))).Do().Status(http.StatusOK)
}

// The config dump (run/application_config.json) masks the secret and the
// private key.
func TestConfigDumpMasksSecrets(t *testing.T) {
	k := keys()
	for _, tt := range []struct {
		name   string
		config func(*jwt.Config)
		leak   string
		masked string
	}{
		{"secret", hsConfig, secret, `"Secret": "<String len: ` + strconv.Itoa(len(secret)) + `>"`},
		{"private key", func(c *jwt.Config) { c.Algorithms = []string{"EdDSA"}; c.PrivateKey = privatePEM(t, k.ed) }, "PRIVATE KEY", `"PrivateKey": "<String len: `},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			app, err := egg.New(egg.Env("local"), egg.BaseDir(dir), egg.LogOutput(io.Discard), jwt.Module, egg.Configure(tt.config),
				egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = true }))
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = app.Stop(context.Background()) })
			b, err := os.ReadFile(filepath.Join(dir, "run", "application_config.json"))
			if err != nil {
				t.Fatal(err)
			}
			dump := string(b)
			if strings.Contains(dump, tt.leak) {
				t.Errorf("the dump leaks the %s:\n%s", tt.name, dump)
			}
			if !strings.Contains(dump, tt.masked) {
				t.Errorf("the dump does not mask the %s as %s:\n%s", tt.name, tt.masked, dump)
			}
		})
	}
}
