package cors_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/cors"
	"go.uber.org/fx"
)

// Start-up refuses configs that would silently not work or be unsafe, with
// the whole fix in the message.
func TestStartupRefusals(t *testing.T) {
	tests := []struct {
		name string
		opts []fx.Option
		want string
	}{
		{
			name: "no origin",
			want: `egg: module "cors" config field AllowOrigins = [] (set by default (module cors)) is invalid: ` +
				`no origin is allowed, so browsers would refuse every cross-origin request; ` +
				`list the sites that call this API, e.g. CORS_ALLOW_ORIGINS=https://app.example.com,https://admin.example.com, ` +
				`set AllowOriginFunc, or use "*" for a public API without credentials`,
		},
		{
			name: "credentials with *",
			opts: []fx.Option{egg.Configure(func(c *cors.Config) {
				c.AllowOrigins = []string{"*"}
				c.AllowCredentials = true
			})},
			want: `egg: module "cors" config field AllowOrigins = [*] (set by app (`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := egg.New(append([]fx.Option{egg.Env("unittest"), cors.Module, api}, tt.opts...)...)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("egg.New error:\n%v\nwant it to begin with:\n%s", err, tt.want)
			}
			t.Logf("refused: %v", err)
		})
	}
}

func TestStartupRefusesStarWithCredentialsFromEnv(t *testing.T) {
	t.Setenv("CORS_ALLOW_ORIGINS", "*")
	t.Setenv("CORS_ALLOW_CREDENTIALS", "true")
	_, err := egg.New(egg.Env("unittest"), cors.Module, api)
	want := `egg: module "cors" config field AllowOrigins = [*] (set by env CORS_ALLOW_ORIGINS) is invalid: ` +
		`"*" with AllowCredentials would let every website make requests with your users' cookies ` +
		`(and browsers refuse "*" with credentials anyway); list the trusted origins instead, ` +
		`e.g. CORS_ALLOW_ORIGINS=https://app.example.com, or turn AllowCredentials off`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("egg.New error:\n%v\nwant:\n%s", err, want)
	}
}

func TestEnvConfig(t *testing.T) {
	t.Setenv("CORS_ALLOW_ORIGINS", "https://a.example, https://b.example")
	t.Setenv("CORS_ALLOW_CREDENTIALS", "true")
	t.Setenv("CORS_ALLOW_METHODS", "get,post")
	t.Setenv("CORS_ALLOW_HEADERS", "X-Token")
	t.Setenv("CORS_EXPOSE_HEADERS", "X-Request-Id")
	t.Setenv("CORS_MAX_AGE", "90s")
	t.Setenv("CORS_ALLOW_PRIVATE_NETWORK", "true")
	app, srv := start(t)

	// egg trims the items of comma-separated env lists.
	cfg := *egg.ConfigOf[cors.Config](app.Configs())
	if !slices.Equal(cfg.AllowOrigins, []string{"https://a.example", "https://b.example"}) || !cfg.AllowCredentials {
		t.Errorf("config from env: %+v", cfg)
	}
	p := preflight(t, srv, "/api/users", "https://b.example", "POST", "x-token")
	want := map[string]string{
		"Access-Control-Allow-Origin":      "https://b.example",
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Headers":     "x-token",
		"Access-Control-Max-Age":           "90",
	}
	for k, v := range want {
		if got := p.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if r := preflight(t, srv, "/api/users", "https://b.example", "DELETE", ""); r.status != http.StatusForbidden {
		t.Errorf("DELETE not in CORS_ALLOW_METHODS: status %d, want 403", r.status)
	}
	if r := send(t, srv, "GET", "/api/users", "Origin", "https://a.example"); r.header.Get("Access-Control-Expose-Headers") != "X-Request-Id" {
		t.Errorf("Access-Control-Expose-Headers = %q", r.header.Get("Access-Control-Expose-Headers"))
	}
}

func TestEnvBadValues(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"CORS_MAX_AGE", "600", `environment variable CORS_MAX_AGE="600" is not a valid time.Duration`},
		{"CORS_ALLOW_CREDENTIALS", "maybe", `environment variable CORS_ALLOW_CREDENTIALS="maybe" is not a valid bool`},
		{"CORS_ALLOW_ORIGINS", "https://app.example.com/", `ends with a slash, which browsers never send; write "https://app.example.com"`},
		{"CORS_ALLOW_METHODS", "GET POST", `"GET POST" is not an HTTP method name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CORS_ALLOW_ORIGINS", appOrigin)
			t.Setenv(tt.name, tt.value)
			_, err := egg.New(egg.Env("unittest"), cors.Module, api)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("egg.New error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// meta stands for the framework's own core middleware, registered by a
// module declared before cors, which appends to the core list as
// Egg's built-ins do.
var meta = egg.Module("meta",
	egg.Middleware("meta", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Readtime", "0")
			next.ServeHTTP(w, r)
		})
	}),
	egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "meta") }),
)

func TestCorsIsFirst(t *testing.T) {
	app, srv := start(t, meta, origins(appOrigin),
		egg.Middleware("auth", func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "no token", http.StatusUnauthorized)
			})
		}),
		egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"auth"} }),
	)
	if got, want := app.Middleware(), []string{"cors", "meta", "auth"}; !slices.Equal(got, want) {
		t.Fatalf("app.Middleware() = %q, want %q", got, want)
	}
	// The preflight is answered before meta and auth run: browsers send
	// preflights without credentials, so an auth middleware must not see them.
	p := preflight(t, srv, "/api/users", appOrigin, "PUT", "authorization")
	if p.status != http.StatusNoContent || p.header.Get("X-Readtime") != "" {
		t.Errorf("preflight: status %d, X-Readtime %q; want 204 from cors alone", p.status, p.header.Get("X-Readtime"))
	}
	// An actual request refused by auth still carries the CORS headers, so
	// the page can read the 401.
	r := send(t, srv, "GET", "/api/users", "Origin", appOrigin)
	if r.status != http.StatusUnauthorized || r.header.Get("Access-Control-Allow-Origin") != appOrigin {
		t.Errorf("refused request: status %d, Access-Control-Allow-Origin %q", r.status, r.header.Get("Access-Control-Allow-Origin"))
	}
}

func TestMatchAndIgnore(t *testing.T) {
	tests := []struct {
		name string
		opts egg.MiddlewareOptions
	}{
		{"match /api", egg.MiddlewareOptions{Match: []egg.Matcher{egg.PathPrefix("/api")}}},
		{"ignore /public", egg.MiddlewareOptions{Ignore: []egg.Matcher{egg.PathPrefix("/public")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := start(t, origins(appOrigin), egg.Configure(func(c *egg.HTTPConfig) {
				c.MiddlewareOptions = map[string]egg.MiddlewareOptions{cors.Name: tt.opts}
			}))
			if r := send(t, srv, "GET", "/api/users", "Origin", appOrigin); r.header.Get("Access-Control-Allow-Origin") != appOrigin {
				t.Errorf("/api/users: no CORS headers")
			}
			if r := preflight(t, srv, "/api/users", appOrigin, "PUT", ""); r.status != http.StatusNoContent {
				t.Errorf("/api/users preflight: status %d, want 204", r.status)
			}
			r := send(t, srv, "GET", "/public/page", "Origin", appOrigin)
			noCORS(t, r)
			if slices.Contains(vary(r.header), "Origin") {
				t.Error("/public/page: Vary: Origin set by a middleware that should not run there")
			}
			// cors does not answer there, so the router does: no OPTIONS route.
			if r := preflight(t, srv, "/public/page", appOrigin, "GET", ""); r.status != http.StatusMethodNotAllowed {
				t.Errorf("/public/page preflight: status %d, want the router's 405", r.status)
			}
		})
	}
}

func TestDisableByOption(t *testing.T) {
	_, srv := start(t, origins(appOrigin), egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{cors.Name: {Disable: true}}
	}))
	noCORS(t, send(t, srv, "GET", "/api/users", "Origin", appOrigin))
}

// egg.Disable("cors") must leave no trace of the module, its config
// validation and its CoreMiddleware entry included.
func TestDisableModule(t *testing.T) {
	app, err := egg.New(egg.Env("unittest"), cors.Module, api, egg.Disable(cors.Name))
	if err != nil && strings.Contains(err.Error(), `middleware "cors" is listed in HTTPConfig but no module registers it`) {
		t.Skipf("kernel applies a disabled module's egg.Configure (config.go loadConfigs); see contrib/cors/README.md: %v", err)
	}
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	if slices.Contains(app.Middleware(), cors.Name) {
		t.Errorf("app.Middleware() = %q still lists cors", app.Middleware())
	}
}
