package jwt_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/egg-go/egg/contrib/jwt"
)

// FuzzBearer drives the Authorization header through the middleware:
// header parsing, golang-jwt's decoding and verification, the error
// mapping. Whatever the header, the answer is 200 (only for a token that
// really verifies) or 401 with a Bearer challenge, never a panic or a
// 5xx. Seeds are in testdata/fuzz/FuzzBearer (valid HS256 tokens for the
// test secret, alg none, another algorithm, malformed headers).
func FuzzBearer(f *testing.F) {
	f.Add("Bearer a.b.c")
	f.Add("Bearer  ")
	cfg := jwt.DefaultConfig()
	cfg.Secret = secret
	v, err := jwt.NewVerifier(cfg, jwt.Options{})
	if err != nil {
		f.Fatal(err)
	}
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := jwt.ClaimsFrom[jwt.RegisteredClaims](r)
		if !ok || c.Subject != "fuzz" {
			http.Error(w, "handler reached without the claims", http.StatusTeapot)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if header != "" {
			r.Header["Authorization"] = []string{header}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK:
			if !strings.Contains(strings.ToLower(header), "bearer") {
				t.Fatalf("200 for %q, which has no bearer token", header)
			}
		case http.StatusUnauthorized:
			if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("401 without a Bearer challenge for %q", header)
			}
		default:
			t.Fatalf("status %d for %q: %s", w.Code, header, w.Body)
		}
	})
}

// The corpus's valid tokens are still valid for the test secret, so the
// fuzzer starts from inputs that reach the handler.
func TestFuzzSeedsReachTheHandler(t *testing.T) {
	cfg := jwt.DefaultConfig()
	cfg.Secret = secret
	v, err := jwt.NewVerifier(cfg, jwt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for _, name := range []string{"valid", "valid-lower", "valid-spaces", "tab"} {
		b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzBearer", name))
		if err != nil {
			t.Fatal(err)
		}
		_, quoted, _ := strings.Cut(strings.TrimSpace(string(b)), "string(")
		header, err := strconv.Unquote(strings.TrimSuffix(quoted, ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", header)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Errorf("seed %s: status %d %s", name, w.Code, w.Body)
		}
	}
}
