package jwt_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/httpclient"
	gojwt "github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
)

// provider is an identity provider's JWKS endpoint on a real socket: its
// key set can be changed, it can go down, and it counts its fetches.
type provider struct {
	*httptest.Server
	mu      sync.Mutex
	keys    []map[string]any
	raw     string // served instead of keys when set
	down    bool   // close connections without answering
	fetches atomic.Int64
	agent   atomic.Value // the last User-Agent
}

func newProvider(t *testing.T, keys ...map[string]any) *provider {
	t.Helper()
	p := &provider{keys: keys}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		down, raw, set := p.down, p.raw, map[string]any{"keys": p.keys}
		p.mu.Unlock()
		if down {
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		p.fetches.Add(1)
		p.agent.Store(r.UserAgent())
		w.Header().Set("Content-Type", "application/jwk-set+json")
		if raw != "" {
			_, _ = w.Write([]byte(raw))
			return
		}
		_ = json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *provider) set(keys ...map[string]any) {
	p.mu.Lock()
	p.keys, p.raw = keys, ""
	p.mu.Unlock()
}

func (p *provider) setRaw(s string) {
	p.mu.Lock()
	p.raw = s
	p.mu.Unlock()
}

func (p *provider) setDown(down bool) {
	p.mu.Lock()
	p.down = down
	p.mu.Unlock()
}

func (p *provider) url() string { return p.URL + "/.well-known/jwks.json" }

// jwkOf is the JWK of a public key; extra members are added or replace.
func jwkOf(kid string, pub crypto.PublicKey, extra ...string) map[string]any {
	enc := base64.RawURLEncoding.EncodeToString
	m := map[string]any{"kid": kid, "use": "sig"}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		m["kty"], m["n"], m["e"] = "RSA", enc(k.N.Bytes()), enc(big.NewInt(int64(k.E)).Bytes())
	case *ecdsa.PublicKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		m["kty"], m["crv"] = "EC", k.Curve.Params().Name
		m["x"], m["y"] = enc(k.X.FillBytes(make([]byte, size))), enc(k.Y.FillBytes(make([]byte, size)))
	case ed25519.PublicKey:
		m["kty"], m["crv"], m["x"] = "OKP", "Ed25519", enc(k)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return m
}

// jwksConfig points the module at p for the given algorithms.
func jwksConfig(p *provider, algs ...string) fx.Option {
	return egg.Configure(func(c *jwt.Config) {
		c.Algorithms = algs
		c.JWKSURL = p.url()
	})
}

// Keys come from the provider; a token with a new kid (a rotation)
// causes exactly one fetch; made-up kids cannot make the app fetch again
// right away; RSA, ECDSA and Ed25519 keys all work.
func TestJWKSRotation(t *testing.T) {
	k := keys()
	p := newProvider(t, jwkOf("rsa-1", &k.rsa.PublicKey, "alg", "RS256"), jwkOf("ec-1", &k.ec.PublicKey), jwkOf("ed-1", k.ed.Public()))
	app := newApp(t, jwksConfig(p, "RS256", "ES256", "EdDSA"))
	if n := p.fetches.Load(); n != 1 {
		t.Fatalf("%d fetches at start-up, want 1", n)
	}
	get := func(tok string) *eggtest.Response {
		return app.GET("/api/me").Header("Authorization", bearer(tok)).Do()
	}
	get(mint(t, gojwt.SigningMethodRS256, k.rsa, valid("ada"), "kid", "rsa-1")).Status(200).JSONEquals(`{"sub":"ada","role":"admin"}`)
	get(mint(t, gojwt.SigningMethodES256, k.ec, valid("ada"), "kid", "ec-1")).Status(200)
	get(mint(t, gojwt.SigningMethodEdDSA, k.ed, valid("ada"), "kid", "ed-1")).Status(200)
	get(mint(t, gojwt.SigningMethodRS256, k.rsa, valid("ada"))).Status(200) // no kid: every RS256 key is tried
	if n := p.fetches.Load(); n != 1 {
		t.Fatalf("known kids caused fetches: %d", n)
	}
	// A key of the right kid but signed by another key.
	get(mint(t, gojwt.SigningMethodRS256, k.rsa2, valid("ada"), "kid", "rsa-1")).Status(401).
		JSONEquals(`{"code":"invalid_token","message":"The token signature is invalid"}`)
	// A kid announced for RS256 does not verify PS256 tokens.
	get(mint(t, gojwt.SigningMethodPS256, k.rsa, valid("ada"), "kid", "rsa-1")).Status(401)

	// The provider rotates in rsa-2.
	p.set(jwkOf("rsa-1", &k.rsa.PublicKey), jwkOf("rsa-2", &k.rsa2.PublicKey))
	rotated := mint(t, gojwt.SigningMethodRS256, k.rsa2, valid("bob"), "kid", "rsa-2")
	get(rotated).Status(200).JSONEquals(`{"sub":"bob","role":"admin"}`)
	get(rotated).Status(200)
	if n := p.fetches.Load(); n != 2 {
		t.Fatalf("%d fetches after the rotation, want 2 (the new kid fetched once)", n)
	}
	// A made-up kid right after: no fetch (rate limit), 401 not 500.
	get(mint(t, gojwt.SigningMethodRS256, k.rsa2, valid("eve"), "kid", "made-up")).Status(401).
		JSONEquals(`{"code":"invalid_token","message":"No key matches the token"}`)
	if n := p.fetches.Load(); n != 2 {
		t.Fatalf("a made-up kid caused a fetch within JWKSMinRefresh: %d fetches", n)
	}
	app.ExpectLog(`msg="JWKS fetched"`)
}

// Many requests with the same new kid at once cause one fetch.
func TestJWKSConcurrentNewKid(t *testing.T) {
	k := keys()
	p := newProvider(t, jwkOf("rsa-1", &k.rsa.PublicKey))
	app := newApp(t, jwksConfig(p, "RS256"))
	srv := serve(t, app)
	p.set(jwkOf("rsa-1", &k.rsa.PublicKey), jwkOf("rsa-2", &k.rsa2.PublicKey))
	tok := bearer(mint(t, gojwt.SigningMethodRS256, k.rsa2, valid("ada"), "kid", "rsa-2"))
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 16 {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/me", nil)
			req.Header.Set("Authorization", tok)
			resp, err := srv.Client().Do(req)
			if err != nil || resp.StatusCode != 200 {
				failed.Add(1)
			}
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d requests failed", failed.Load())
	}
	if n := p.fetches.Load(); n != 2 {
		t.Errorf("%d fetches, want 2 (start-up and one for the new kid)", n)
	}
}

// With the httpclient module in the app, fetches go through its client
// (its User-Agent shows); without it, through the module's own client.
func TestJWKSThroughHTTPClient(t *testing.T) {
	k := keys()
	p := newProvider(t, jwkOf("rsa-1", &k.rsa.PublicKey))
	newApp(t, httpclient.Module, jwksConfig(p, "RS256"))
	if ua, _ := p.agent.Load().(string); !strings.HasSuffix(ua, "egg-go") {
		t.Errorf("User-Agent %q: the fetch did not go through the httpclient module", ua)
	}
	newApp(t, jwksConfig(p, "RS256"))
	if ua, _ := p.agent.Load().(string); !strings.HasPrefix(ua, "Go-http-client") {
		t.Errorf("User-Agent %q without the httpclient module", ua)
	}
}

// A provider that is down, answers garbage or has no usable key fails
// start-up naming the URL.
func TestJWKSStartupFailures(t *testing.T) {
	k := keys()
	tests := []struct {
		name  string
		setup func(p *provider)
		want  string
	}{
		{"down", func(p *provider) { p.setDown(true) }, "cannot fetch JWKSURL"},
		{"not JSON", func(p *provider) { p.setRaw("<html>") }, "not a JSON Web Key Set"},
		{"no keys array", func(p *provider) { p.setRaw(`{"kid":"x"}`) }, `no "keys" array`},
		{"no usable key", func(p *provider) { p.set(jwkOf("ec", &k.ec.PublicKey), jwkOf("enc", &k.rsa.PublicKey, "use", "enc")) },
			`has no key usable with Algorithms [RS256] (key 0 (kid "ec"): an ECDSA P-256 key is not among the allowed algorithms [RS256]; key 1 (kid "enc"): use "enc" is not sig)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t)
			tt.setup(p)
			_, err := eggtest.Start(t, jwt.Module, jwksConfig(p, "RS256"))
			if err == nil {
				t.Fatal("the app started")
			}
			for _, w := range []string{`module "jwt" WillReady failed`, p.url(), tt.want} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to contain:\n%s", err, w)
				}
			}
		})
	}
	t.Run("stopped", func(t *testing.T) {
		p := newProvider(t)
		p.Close()
		_, err := eggtest.Start(t, jwt.Module, jwksConfig(p, "RS256"))
		if err == nil || !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("error: %v", err)
		}
	})
}

// Odd keys in a set are skipped, the rest work.
func TestJWKSSkipsOddKeys(t *testing.T) {
	k := keys()
	bad := []map[string]any{
		{"kty": "RSA", "kid": "no-n", "e": "AQAB"},
		{"kty": "RSA", "kid": "bad-b64", "n": "!!!", "e": "AQAB"},
		{"kty": "EC", "kid": "bad-curve", "crv": "P-192", "x": "AA", "y": "AA"},
		{"kty": "EC", "kid": "off-curve", "crv": "P-256", "x": strings.Repeat("A", 43), "y": strings.Repeat("A", 43)},
		{"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
		{"kid": "no-kty"},
		jwkOf("ops", &k.rsa.PublicKey, "use", ""),
	}
	bad[len(bad)-1]["key_ops"] = []string{"encrypt"}
	p := newProvider(t, append(bad, jwkOf("good", &k.rsa.PublicKey))...)
	app := newApp(t, jwksConfig(p, "RS256"))
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, valid("ada"), "kid", "good"))).Do().Status(200)
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, valid("ada"), "kid", "ops"))).Do().Status(401)
	// An HS256 token naming the "oct" key is refused by algorithm.
	app.GET("/api/me").Header("Authorization", bearer(mint(t, gojwt.SigningMethodHS256, []byte("secret"), valid("ada"), "kid", "hmac"))).Do().
		Status(401).JSONEquals(`{"code":"invalid_token","message":"The token is signed with an algorithm that is not allowed"}`)
}

// clock is a test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// The refresh schedule, on a test clock: withdrawn keys stop working
// after JWKSRefresh; a provider that goes down keeps the cached keys
// working and a token with a new kid gets a 401, not a 500; once it is
// back, the next fetch allowed by JWKSMinRefresh finds the new key.
func TestJWKSRefreshAndOutage(t *testing.T) {
	k := keys()
	p := newProvider(t, jwkOf("rsa-1", &k.rsa.PublicKey))
	clk := &clock{now: time.Now()}
	cfg := jwt.DefaultConfig()
	cfg.Algorithms, cfg.JWKSURL = []string{"RS256"}, p.url()
	v, err := jwt.NewVerifier(cfg, jwt.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := v.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer v.Stop()
	// Tokens are checked at the clock's time: mint them valid for a day.
	claims := func() *UserClaims {
		c := valid("ada")
		c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(24 * time.Hour))
		return c
	}
	tok1 := mint(t, gojwt.SigningMethodRS256, k.rsa, claims(), "kid", "rsa-1")
	tok2 := mint(t, gojwt.SigningMethodRS256, k.rsa2, claims(), "kid", "rsa-2")
	ok := func(tok string) bool { _, err := v.Verify(ctx, tok); return err == nil }

	if !ok(tok1) {
		t.Fatal("rsa-1 refused")
	}
	// The provider goes down: cached keys keep working; a new kid fetches
	// once, fails, and is refused.
	p.setDown(true)
	if !ok(tok1) || ok(tok2) {
		t.Fatal("during the outage: want rsa-1 accepted, rsa-2 refused")
	}
	_, err = v.Verify(ctx, tok2)
	if e := (*egg.Error)(nil); !errors.As(err, &e) || e.Status != 401 {
		t.Errorf("new kid during an outage: %v, want a 401", err)
	}
	// Back up with rsa-2 added: within JWKSMinRefresh no fetch, after it
	// one.
	p.setDown(false)
	p.set(jwkOf("rsa-1", &k.rsa.PublicKey), jwkOf("rsa-2", &k.rsa2.PublicKey))
	if ok(tok2) {
		t.Error("fetched again within JWKSMinRefresh")
	}
	clk.advance(cfg.JWKSMinRefresh)
	if !ok(tok2) {
		t.Error("rsa-2 refused after the provider came back")
	}
	// rsa-1 is withdrawn: it works until the set is JWKSRefresh old, then
	// one fetch drops it.
	p.set(jwkOf("rsa-2", &k.rsa2.PublicKey))
	before := p.fetches.Load()
	if !ok(tok1) {
		t.Error("rsa-1 refused before the refresh")
	}
	clk.advance(cfg.JWKSRefresh)
	if ok(tok1) {
		t.Error("rsa-1 still accepted after the refresh dropped it")
	}
	if !ok(tok2) {
		t.Error("rsa-2 refused after the refresh")
	}
	if n := p.fetches.Load() - before; n != 1 {
		t.Errorf("%d fetches for the refresh, want 1", n)
	}
}
