package health_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/health"
	"go.uber.org/fx"
)

func TestLiveness(t *testing.T) {
	app := eggtest.New(t, health.Module)
	app.GET("/healthz").Do().Status(200).
		Header("Content-Type", "application/json; charset=utf-8").
		Header("Cache-Control", "no-store").
		JSONEquals(`{"status":"ok"}`)
	if res := app.HEAD("/healthz").Do().Status(200); res.Body() != "" {
		t.Errorf("HEAD has a body: %q", res.Body())
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS"} {
		app.Request(m, "/healthz").Do().Status(405).Header("Allow", "GET, HEAD").BodyContains("health probes take GET or HEAD")
		app.Request(m, "/readyz").Do().Status(405).Header("Allow", "GET, HEAD")
	}
	// other paths go on to the app
	app.GET("/healthz/extra").Do().Status(404)
	app.GET("/readyz2").Do().Status(404)
}

func TestReadinessWithoutChecks(t *testing.T) {
	app := eggtest.New(t, health.Module)
	app.GET("/readyz").Do().Status(200).JSONEquals(`{"status":"ok"}`)
}

func TestCustomPaths(t *testing.T) {
	app := eggtest.New(t, health.Module, egg.Configure(func(c *health.Config) {
		c.LivenessPath, c.ReadinessPath = "/-/live", "/-/ready"
	}))
	app.GET("/-/live").Do().Status(200)
	app.GET("/-/ready").Do().Status(200).JSONEquals(`{"status":"ok"}`)
	app.GET("/healthz").Do().Status(404)
}

// A middleware after health (CSRF, sessions, an auth check) and the
// router's host check never see a probe; IsProbe marks it for an access
// log.
func TestProbesBypassLaterMiddleware(t *testing.T) {
	var mu sync.Mutex
	probes := map[string]bool{}
	guard := egg.Module("guard",
		egg.Middleware("deny", func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "denied by a CSRF-like guard", http.StatusForbidden)
			})
		}),
		egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "deny") }),
		fx.Invoke(func(a *egg.App) {
			a.OnResponse(func(c *egg.Ctx) {
				mu.Lock()
				probes[c.Path()] = health.IsProbe(c)
				mu.Unlock()
			})
		}),
	)
	app := eggtest.New(t, guard, health.Module,
		egg.Configure(func(c *egg.HostConfig) { c.AllowedHosts = []string{"shop.example"} }))
	if got := app.Middleware(); len(got) < 2 || got[0] != health.Name {
		t.Errorf("health is not first in the chain: %v", got)
	}
	app.POST("/orders").Host("shop.example").Do().Status(403)
	app.GET("/healthz").Host("10.1.2.3:7001").Do().Status(200)
	app.GET("/readyz").Host("10.1.2.3:7001").Do().Status(200)
	mu.Lock()
	defer mu.Unlock()
	if !probes["/healthz"] || !probes["/readyz"] || probes["/orders"] {
		t.Errorf("IsProbe: %v", probes)
	}
}

func TestVerboseRuntimeStats(t *testing.T) {
	app := eggtest.New(t, health.Module)
	for _, path := range []string{"/healthz?verbose", "/readyz?verbose=1"} {
		var b struct {
			Status  string
			Runtime *health.RuntimeStats
		}
		app.GET(path).Do().Status(200).JSON(&b)
		if b.Runtime == nil || b.Runtime.Goroutines < 1 || b.Runtime.GOMAXPROCS < 1 || b.Runtime.HeapBytes == 0 ||
			b.Runtime.MemoryBytes < b.Runtime.HeapBytes || !strings.HasPrefix(b.Runtime.GoVersion, "go") || b.Runtime.UptimeSeconds < 0 {
			t.Errorf("%s: %+v", path, b.Runtime)
		}
	}
	if strings.Contains(app.GET("/readyz").Do().Body(), "runtime") {
		t.Error("runtime stats without ?verbose")
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		cfg  func(*health.Config)
		want string
	}{
		{func(c *health.Config) { c.LivenessPath = "healthz" }, `health: LivenessPath (HEALTH_LIVENESS_PATH) is "healthz"; use a path such as "/healthz"`},
		{func(c *health.Config) { c.ReadinessPath = "/" }, `ReadinessPath (HEALTH_READINESS_PATH) is "/"`},
		{func(c *health.Config) { c.ReadinessPath = "/ready/" }, `is "/ready/"`},
		{func(c *health.Config) { c.ReadinessPath = "/ready?x=1" }, `is "/ready?x=1"`},
		{func(c *health.Config) { c.ReadinessPath = "/healthz" }, `LivenessPath and ReadinessPath are both "/healthz"`},
		{func(c *health.Config) { c.DrainDelay = -1 }, "DrainDelay (HEALTH_DRAIN_DELAY) is -1ns"},
		{func(c *health.Config) { c.CheckTimeout = 0 }, "CheckTimeout (HEALTH_CHECK_TIMEOUT) is 0s; use a positive duration"},
		{func(c *health.Config) { c.CacheFor = -1 }, "CacheFor (HEALTH_CACHE_FOR) is -1ns"},
	}
	for _, tt := range tests {
		_, err := eggtest.Start(t, health.Module, egg.Env("prod"), egg.Configure(tt.cfg)) // unittest's own DrainDelay would win
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}

func TestEnvDefaults(t *testing.T) {
	for env, want := range map[string]health.Config{
		"unittest": {DrainDelay: 0, ShowErrors: true},
		"local":    {DrainDelay: 0, ShowErrors: true},
		"prod":     {DrainDelay: health.DefaultDrainDelay, ShowErrors: false},
		"staging":  {DrainDelay: health.DefaultDrainDelay, ShowErrors: false},
	} {
		var cfg health.Config
		eggtest.New(t, health.Module, egg.Env(env), fx.Populate(&cfg))
		if cfg.DrainDelay != want.DrainDelay || cfg.ShowErrors != want.ShowErrors {
			t.Errorf("%s: DrainDelay %s ShowErrors %v", env, cfg.DrainDelay, cfg.ShowErrors)
		}
	}
}

func TestRegisterRefusesWhatIsNotACheck(t *testing.T) {
	for _, v := range []any{nil, "db", func() int { return 1 }, func() (health.Check, int) { return health.Check{}, 0 }, (func() health.Check)(nil)} {
		_, err := eggtest.Start(t, health.Module, health.Register(v))
		if err == nil || !strings.Contains(err.Error(), "health: Register(") || !strings.Contains(err.Error(), "pass a health.Check, or a constructor") {
			t.Errorf("Register(%T): %v", v, err)
		}
	}
}

func TestBadChecks(t *testing.T) {
	ok := func(context.Context) error { return nil }
	tests := []struct {
		checks []health.Check
		want   string
	}{
		{[]health.Check{{Func: ok}}, "readiness check #1 has no Name"},
		{[]health.Check{{Name: "db", Func: ok}, {Name: "db", Func: ok}}, `two readiness checks are named "db"`},
		{[]health.Check{{Name: "db"}}, `readiness check "db" has no Func`},
		{[]health.Check{{Name: "db", Func: ok, Timeout: -1}}, `readiness check "db" has Timeout -1ns`},
	}
	for _, tt := range tests {
		opts := []fx.Option{health.Module}
		for _, c := range tt.checks {
			opts = append(opts, health.Register(c))
		}
		_, err := eggtest.Start(t, opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}
