package jwt_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/jwt"
	gojwt "github.com/golang-jwt/jwt/v5"
)

// answer is a response read off the wire.
type answer struct {
	status int
	header http.Header
	code   string
	msg    string
	body   string
}

// call sends GET path to a real server with the Authorization values
// given (each one a header line of its own).
func call(t *testing.T, srv *httptest.Server, path string, auth ...string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	for _, a := range auth {
		req.Header.Add("Authorization", a)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
	var e struct{ Code, Message string }
	if json.Unmarshal(b, &e) == nil {
		a.code, a.msg = e.Code, e.Message
	}
	return a
}

// serve puts the app behind a real HTTP server, closed at cleanup.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// Each algorithm verifies its own tokens and hands the typed claims to
// the handler.
func TestAlgorithms(t *testing.T) {
	k := keys()
	tests := []struct {
		name   string
		config func(*jwt.Config)
		method gojwt.SigningMethod
		key    any
	}{
		{"HS256", hsConfig, gojwt.SigningMethodHS256, []byte(secret)},
		{"RS256", func(c *jwt.Config) { c.Algorithms = []string{"RS256"}; c.PublicKey = publicPEM(t, k.rsa) }, gojwt.SigningMethodRS256, k.rsa},
		{"PS256", func(c *jwt.Config) { c.Algorithms = []string{"PS256"}; c.PublicKey = publicPEM(t, k.rsa) }, gojwt.SigningMethodPS256, k.rsa},
		{"ES256", func(c *jwt.Config) { c.Algorithms = []string{"ES256"}; c.PublicKey = publicPEM(t, k.ec) }, gojwt.SigningMethodES256, k.ec},
		{"ES384", func(c *jwt.Config) { c.Algorithms = []string{"ES384"}; c.PublicKey = publicPEM(t, k.ec384) }, gojwt.SigningMethodES384, k.ec384},
		{"EdDSA", func(c *jwt.Config) { c.Algorithms = []string{"EdDSA"}; c.PublicKey = publicPEM(t, k.ed) }, gojwt.SigningMethodEdDSA, k.ed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, egg.Configure(tt.config))
			tok := mint(t, tt.method, tt.key, valid("ada"))
			app.GET("/api/me").Header("Authorization", bearer(tok)).Do().
				Status(http.StatusOK).JSONEquals(`{"sub":"ada","role":"admin"}`)
			app.GET("/api/me").Do().Status(http.StatusUnauthorized)
		})
	}
}

// Every bad token or header is a 401 with Egg's code and an RFC 6750
// challenge, over a real connection; none is ever a 5xx.
func TestBadInputs(t *testing.T) {
	k := keys()
	app := newApp(t, egg.Configure(func(c *jwt.Config) {
		c.Algorithms = []string{"RS256"}
		c.PublicKey = publicPEM(t, k.rsa)
	}))
	srv := serve(t, app)
	good := mint(t, gojwt.SigningMethodRS256, k.rsa, valid("ada"))
	now := time.Now()
	expired := valid("ada")
	expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute))
	early := valid("ada")
	early.NotBefore = jwt.NewNumericDate(now.Add(time.Hour))
	noExp := valid("ada")
	noExp.ExpiresAt = nil
	// The key-confusion attack: an HS256 token whose "secret" is the
	// server's public key, which anyone has.
	confused := mint(t, gojwt.SigningMethodHS256, []byte(publicPEM(t, k.rsa)), valid("mallory"))
	segments := strings.Split(good, ".")

	const (
		required = jwt.CodeCredentialsRequired
		invalid  = jwt.CodeInvalidToken
	)
	tests := []struct {
		name string
		auth []string
		code string
		msg  string
	}{
		{"missing header", nil, required, "No authorization token was found"},
		{"Basic scheme", []string{"Basic YWRhOnNlY3JldA=="}, required, "No authorization token was found"},
		{"Bearerx scheme", []string{"Bearerx " + good}, required, "No authorization token was found"},
		{"Bearer alone", []string{"Bearer"}, invalid, "Format is Authorization: Bearer <token>"},
		{"Bearer and spaces", []string{"Bearer    "}, invalid, "Format is Authorization: Bearer <token>"},
		{"space inside the token", []string{"Bearer " + good[:10] + " " + good[10:]}, invalid, "Format is Authorization: Bearer <token>"},
		{"trailing word", []string{"Bearer " + good + " extra"}, invalid, "Format is Authorization: Bearer <token>"},
		{"comma", []string{"Bearer " + good + ",x"}, invalid, "Format is Authorization: Bearer <token>"},
		{"two Authorization headers", []string{bearer(good), bearer(good)}, invalid, "Format is Authorization: Bearer <token>"},
		{"too long", []string{bearer(strings.Repeat("a", 17<<10))}, invalid, "Format is Authorization: Bearer <token>"},
		{"not a JWT", []string{bearer("abc")}, invalid, "The token is malformed"},
		{"bad base64", []string{bearer("a.b.c")}, invalid, "The token is malformed"},
		{"four segments", []string{bearer(good + ".x")}, invalid, "The token is malformed"},
		{"header not JSON", []string{bearer("bm90IGpzb24." + segments[1] + "." + segments[2])}, invalid, "The token is malformed"},
		{"alg none", []string{bearer(unsigned(t, "none", valid("mallory")))}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"alg None", []string{bearer(unsigned(t, "None", valid("m")))}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"HS256 with the public key as secret", []string{bearer(confused)}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"ES256 when RS256 is pinned", []string{bearer(mint(t, gojwt.SigningMethodES256, k.ec, valid("m")))}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"tampered signature", []string{bearer(tamper(good))}, invalid, "The token signature is invalid"},
		{"claims segment cut", []string{bearer(segments[0] + "." + segments[1] + "x." + segments[2])}, invalid, "The token is malformed"},
		{"claims rewritten", []string{bearer(segments[0] + "." + b64json(t, `{"sub":"ada","role":"root","exp":4102444800}`) + "." + segments[2])}, invalid, "The token signature is invalid"},
		{"other RSA key", []string{bearer(mint(t, gojwt.SigningMethodRS256, k.rsa2, valid("m")))}, invalid, "The token signature is invalid"},
		{"expired", []string{bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, expired))}, invalid, "The token has expired"},
		{"not yet valid", []string{bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, early))}, invalid, "The token is not valid yet"},
		{"no exp", []string{bearer(mint(t, gojwt.SigningMethodRS256, k.rsa, noExp))}, invalid, "The token has no expiration time"},
		{"alg none, signature kept", []string{bearer(b64json(t, `{"alg":"none"}`) + "." + segments[1] + "." + segments[2])}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"unknown alg", []string{bearer(b64json(t, `{"alg":"HS999"}`) + "." + segments[1] + "." + segments[2])}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"no alg", []string{bearer(b64json(t, `{"typ":"JWT"}`) + "." + segments[1] + "." + segments[2])}, invalid, "The token is signed with an algorithm that is not allowed"},
		{"claims not an object", []string{bearer(segments[0] + ".WzFd." + segments[2])}, invalid, "The token is malformed"},
		{"exp a string", []string{bearer(segments[0] + "." + b64json(t, `{"exp":"soon"}`) + "." + segments[2])}, invalid, "The token is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, srv, "/api/me", tt.auth...)
			if a.status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401; body %s", a.status, a.body)
			}
			if a.code != tt.code || !strings.HasPrefix(a.msg, tt.msg) {
				t.Errorf("code %q message %q, want %q %q", a.code, a.msg, tt.code, tt.msg)
			}
			want := `Bearer error="invalid_token", error_description="` + a.msg + `"`
			if tt.code == required {
				want = "Bearer"
			}
			if got := a.header.Get("WWW-Authenticate"); got != want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
		})
	}

	// What RFC 9110 allows is accepted: any case for the scheme, several
	// spaces after it, whitespace around the value.
	for _, h := range []string{bearer(good), "bearer " + good, "BEARER " + good, "Bearer   " + good, "Bearer\t" + good, " Bearer " + good + " "} {
		if a := call(t, srv, "/api/me", h); a.status != http.StatusOK || !strings.Contains(a.body, `"sub":"ada"`) {
			t.Errorf("Authorization %.20q...: status %d body %s, want 200", h, a.status, a.body)
		}
	}
	// Routes the middleware does not match are open.
	if a := call(t, srv, "/open"); a.status != http.StatusOK {
		t.Errorf("/open: status %d", a.status)
	}
}

// b64json encodes JSON text as a token segment.
func b64json(t *testing.T, s string) string {
	t.Helper()
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}
