package cors_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/cors"
)

const (
	appOrigin  = "https://app.example.com"
	evilOrigin = "https://evil.example.net"
)

func TestPreflight(t *testing.T) {
	_, srv := start(t, origins(appOrigin), egg.Configure(func(c *cors.Config) {
		c.AllowHeaders = []string{"Content-Type", "X-Token"}
		c.MaxAge = 10 * time.Minute
	}))
	tests := []struct {
		name            string
		origin, method  string
		headers         string
		status          int
		allowed         bool
		bodyHas         string
		reachesHandlers bool
	}{
		{name: "allowed", origin: appOrigin, method: "PUT", headers: "content-type,x-token", status: 204, allowed: true},
		{name: "allowed, no headers", origin: appOrigin, method: "DELETE", status: 204, allowed: true},
		{name: "allowed, origin in other case", origin: "https://APP.example.com", method: "POST", status: 204, allowed: true},
		{name: "disallowed origin", origin: evilOrigin, method: "PUT", headers: "content-type", status: 403, bodyHas: "origin not allowed"},
		{name: "look-alike origin", origin: appOrigin + ".evil.net", method: "GET", status: 403, bodyHas: "origin not allowed"},
		{name: "disallowed method", origin: appOrigin, method: "PURGE", status: 403, bodyHas: "method not allowed"},
		{name: "disallowed header", origin: appOrigin, method: "POST", headers: "content-type,x-secret", status: 403, bodyHas: "request headers not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := handlerHits.Load()
			r := preflight(t, srv, "/api/users", tt.origin, tt.method, tt.headers)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d (body %q)", r.status, tt.status, r.body)
			}
			if handlerHits.Load() != before {
				t.Error("the preflight reached the router; the middleware must answer it")
			}
			for _, v := range []string{"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"} {
				if !slices.Contains(vary(r.header), v) {
					t.Errorf("Vary %q lacks %s", r.header.Values("Vary"), v)
				}
			}
			if !tt.allowed {
				noCORS(t, r)
				if !strings.Contains(r.body, tt.bodyHas) {
					t.Errorf("body %q, want it to contain %q", r.body, tt.bodyHas)
				}
				return
			}
			want := map[string]string{
				"Access-Control-Allow-Origin":  tt.origin,
				"Access-Control-Allow-Methods": tt.method,
				"Access-Control-Allow-Headers": tt.headers,
				"Access-Control-Max-Age":       "600",
			}
			for k, v := range want {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if r.body != "" {
				t.Errorf("body %q, want none", r.body)
			}
			if r.header.Get("Access-Control-Allow-Credentials") != "" {
				t.Error("Access-Control-Allow-Credentials sent without AllowCredentials")
			}
		})
	}
}

// An OPTIONS request that is not a preflight (no Origin, or no
// Access-Control-Request-Method) is the router's business.
func TestOptionsThatAreNotPreflights(t *testing.T) {
	_, srv := start(t, origins(appOrigin))
	for _, h := range [][]string{
		{"Access-Control-Request-Method", "PUT"},
		{"Origin", appOrigin},
		nil,
	} {
		before := handlerHits.Load()
		r := send(t, srv, http.MethodOptions, "/api/users", h...)
		if r.status != http.StatusOK || r.body != "options route" || handlerHits.Load() != before+1 {
			t.Errorf("OPTIONS with %q: status %d body %q; want the route's 200", h, r.status, r.body)
		}
	}
}

func TestSimpleRequests(t *testing.T) {
	_, srv := start(t, origins(appOrigin, "https://*.preview.example.com"), egg.Configure(func(c *cors.Config) {
		c.ExposeHeaders = []string{"X-Request-Id"}
	}))
	tests := []struct {
		name, method, path, origin string
		status                     int
		allowOrigin                string
	}{
		{"allowed GET", "GET", "/api/users", appOrigin, 200, appOrigin},
		{"allowed POST", "POST", "/api/users", appOrigin, 201, appOrigin},
		{"wildcard subdomain", "GET", "/api/users", "https://pr-42.preview.example.com", 200, "https://pr-42.preview.example.com"},
		{"error answers carry the headers too", "GET", "/api/nope", appOrigin, 404, appOrigin},
		{"disallowed origin is served without headers", "GET", "/api/users", evilOrigin, 200, ""},
		{"no origin", "GET", "/api/users", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.origin != "" {
				h = []string{"Origin", tt.origin}
			}
			r := send(t, srv, tt.method, tt.path, h...)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d", r.status, tt.status)
			}
			if !slices.Contains(vary(r.header), "Origin") {
				t.Errorf("Vary %q lacks Origin", r.header.Values("Vary"))
			}
			if tt.allowOrigin == "" {
				noCORS(t, r)
				return
			}
			if got := r.header.Get("Access-Control-Allow-Origin"); got != tt.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.allowOrigin)
			}
			if got := r.header.Get("Access-Control-Expose-Headers"); got != "X-Request-Id" {
				t.Errorf("Access-Control-Expose-Headers = %q, want X-Request-Id", got)
			}
		})
	}
}

func TestAnyOrigin(t *testing.T) {
	_, srv := start(t, origins("*"))
	r := send(t, srv, "GET", "/api/users", "Origin", evilOrigin)
	if got := r.header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
	p := preflight(t, srv, "/api/users", evilOrigin, "PATCH", "authorization,content-type")
	if p.status != 204 || p.header.Get("Access-Control-Allow-Origin") != "*" ||
		p.header.Get("Access-Control-Allow-Headers") != "authorization,content-type" {
		t.Errorf("preflight: %d %q", p.status, p.header)
	}
}

func TestCredentials(t *testing.T) {
	_, srv := start(t, origins(appOrigin), egg.Configure(func(c *cors.Config) { c.AllowCredentials = true }))
	for _, r := range []result{
		send(t, srv, "GET", "/api/users", "Origin", appOrigin, "Cookie", "session=1"),
		preflight(t, srv, "/api/users", appOrigin, "DELETE", "authorization"),
	} {
		if got := r.header.Get("Access-Control-Allow-Origin"); got != appOrigin {
			t.Errorf("Access-Control-Allow-Origin = %q, want the caller's origin %q (never *)", got, appOrigin)
		}
		if got := r.header.Get("Access-Control-Allow-Credentials"); got != "true" {
			t.Errorf("Access-Control-Allow-Credentials = %q, want true", got)
		}
	}
	r := send(t, srv, "GET", "/api/users", "Origin", evilOrigin, "Cookie", "session=1")
	noCORS(t, r)
}

func TestAllowOriginFunc(t *testing.T) {
	_, srv := start(t, origins(appOrigin), egg.Configure(func(c *cors.Config) {
		c.AllowOriginFunc = func(r *http.Request, origin string) bool {
			return strings.HasSuffix(origin, ".tenant.example") && r.Header.Get("X-Tenant") != "banned"
		}
	}))
	tests := []struct {
		origin, tenant string
		allowed        bool
	}{
		{appOrigin, "", true}, // listed
		{"https://acme.tenant.example", "", true},
		{"https://acme.tenant.example", "banned", false},
		{evilOrigin, "", false},
	}
	for _, tt := range tests {
		r := send(t, srv, "GET", "/api/users", "Origin", tt.origin, "X-Tenant", tt.tenant)
		if got := r.header.Get("Access-Control-Allow-Origin") != ""; got != tt.allowed {
			t.Errorf("origin %s tenant %q: allowed=%v, want %v", tt.origin, tt.tenant, got, tt.allowed)
		}
	}
}

func TestPrivateNetwork(t *testing.T) {
	for _, on := range []bool{false, true} {
		_, srv := start(t, origins(appOrigin), egg.Configure(func(c *cors.Config) { c.AllowPrivateNetwork = on }))
		r := send(t, srv, http.MethodOptions, "/api/users", "Origin", appOrigin,
			"Access-Control-Request-Method", "GET", "Access-Control-Request-Private-Network", "true")
		got := r.header.Get("Access-Control-Allow-Private-Network") == "true"
		if r.status != 204 || got != on {
			t.Errorf("AllowPrivateNetwork=%v: status %d, Access-Control-Allow-Private-Network=%v", on, r.status, got)
		}
	}
}

// No input a client sends makes the middleware answer 5xx: a refused
// preflight is a 403; anything else goes to the router.
func TestBadInputNever5xx(t *testing.T) {
	_, srv := start(t, origins(appOrigin), egg.Configure(func(c *cors.Config) { c.AllowHeaders = []string{"x-token"} }))
	tests := []struct {
		name    string
		method  string
		headers []string
		status  int
		path    string // default /api/users
	}{
		{"origin not a URL", "OPTIONS", []string{"Origin", "not a url", "Access-Control-Request-Method", "GET"}, 403, ""},
		{"origin null", "OPTIONS", []string{"Origin", "null", "Access-Control-Request-Method", "GET"}, 403, ""},
		{"huge origin", "OPTIONS", []string{"Origin", "https://" + strings.Repeat("a", 8000) + ".com", "Access-Control-Request-Method", "GET"}, 403, ""},
		{"lower-case method", "OPTIONS", []string{"Origin", appOrigin, "Access-Control-Request-Method", "put"}, 403, ""},
		{"junk method", "OPTIONS", []string{"Origin", appOrigin, "Access-Control-Request-Method", "G E T"}, 403, ""},
		{"many empty header names", "OPTIONS", []string{"Origin", appOrigin, "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", strings.Repeat(",", 100)}, 403, ""},
		{"unsorted header names", "OPTIONS", []string{"Origin", appOrigin, "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", "x-token,accept"}, 403, ""},
		{"split header lists", "OPTIONS", []string{"Origin", appOrigin, "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", "x-token", "Access-Control-Request-Headers", "x-token"}, 403, ""},
		{"two origins", "OPTIONS", []string{"Origin", appOrigin, "Origin", evilOrigin, "Access-Control-Request-Method", "GET"}, 204, ""},
		{"simple request, junk origin", "GET", []string{"Origin", "%%%"}, 200, ""},
		{"preflight on unknown path", "OPTIONS", []string{"Origin", appOrigin, "Access-Control-Request-Method", "GET"}, 204, "/nowhere"},
		{"simple request on unknown path", "GET", []string{"Origin", appOrigin}, 404, "/nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "/api/users"
			}
			r := send(t, srv, tt.method, path, tt.headers...)
			if r.status >= 500 || r.status != tt.status {
				t.Fatalf("status %d, want %d (body %q)", r.status, tt.status, r.body)
			}
		})
	}
}

// Without egg, New wraps any handler; a refused preflight is a plain 403.
func TestNewWithoutEgg(t *testing.T) {
	h := cors.New(cors.Config{AllowOrigins: []string{appOrigin}, AllowMethods: []string{"get", "POST"}})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	srv := httptestServer(t, h)
	if r := preflight(t, srv, "/", appOrigin, "GET", ""); r.status != 204 || r.header.Get("Access-Control-Allow-Origin") != appOrigin {
		t.Errorf("allowed preflight: %d %q", r.status, r.header)
	}
	if r := preflight(t, srv, "/", appOrigin, "DELETE", ""); r.status != 403 || r.body != "CORS preflight rejected: method not allowed\n" {
		t.Errorf("refused preflight: %d %q", r.status, r.body)
	}
	if r := send(t, srv, "GET", "/", "Origin", appOrigin); r.body != "ok" || r.header.Get("Access-Control-Allow-Origin") != appOrigin {
		t.Errorf("simple request: %q %q", r.body, r.header)
	}
}

func TestNewPanicsOnInvalidConfig(t *testing.T) {
	defer func() {
		p := recover()
		if msg, _ := p.(string); !strings.Contains(msg, "cors.New") || !strings.Contains(msg, "AllowOrigins") {
			t.Errorf("panic %v, want a message naming cors.New and AllowOrigins", p)
		}
	}()
	cors.New(cors.Config{})
}
