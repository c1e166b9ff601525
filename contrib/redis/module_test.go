package redis_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/health"
	"github.com/egg-go/egg/modules/schedule"
	"github.com/egg-go/egg/modules/session"
	"go.uber.org/fx"
)

func TestModuleGraph(t *testing.T) {
	eggtest.ValidateApp(t, session.Module, schedule.Module, redis.Module, redis.SessionStore(), redis.ScheduleLocker())
}

func TestOptionsRequireTheirModules(t *testing.T) {
	tests := []struct {
		name string
		opts []fx.Option
		want string
	}{
		{"session store without redis", []fx.Option{session.Module, redis.SessionStore()}, `"redis"`},
		{"session store without session", []fx.Option{redis.Module, redis.SessionStore()}, `"session"`},
		{"locker without schedule", []fx.Option{redis.Module, redis.ScheduleLocker()}, `"schedule"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := egg.New(append([]fx.Option{egg.Env("unittest")}, tt.opts...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "redis.") {
				t.Errorf("egg.New = %v; want an error naming module %s and the option's module", err, tt.want)
			}
		})
	}
}

// TestBadEnvironmentFailsStartUp: a bad REDIS_URL is refused before
// anything connects, naming the variable and the fix, without the password.
func TestBadEnvironmentFailsStartUp(t *testing.T) {
	t.Setenv("REDIS_URL", "cache.internal:6379/0?password=Hunter2")
	_, err := egg.New(egg.Env("unittest"), redis.Module)
	if err == nil {
		t.Fatal("a bad REDIS_URL was accepted")
	}
	for _, want := range []string{"config field Client.URL", "env REDIS_URL", "has no scheme", "redis://127.0.0.1:6379/0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "Hunter2") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestChecks(t *testing.T) {
	url := serverURL(t)
	var cs *redis.Clients
	app := eggtest.New(t, redis.Module, withURL(t, url, func(c *redis.Config) {
		c.Clients = map[string]redis.ClientConfig{"cache": {URL: redis.URL(url)}}
	}), fx.Populate(&cs))
	checks := cs.Checks()
	if len(checks) != 2 || checks[0].Name != "redis.default" || checks[1].Name != "redis.cache" || checks[0].Weak || checks[1].Weak {
		t.Fatalf("Checks() = %+v", checks)
	}
	for _, c := range checks {
		if err := c.Run(app.Ctx()); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
	if err := cs.Ping(app.Ctx(), "cache"); err != nil {
		t.Errorf(`Ping("cache"): %v`, err)
	}
	if err := cs.Ping(app.Ctx(), "nope"); err == nil || !strings.Contains(err.Error(), `no client is named "nope"`) {
		t.Errorf(`Ping("nope"): %v`, err)
	}
}

// TestNewErrors: New, used without egg (no Validate first), refuses a bad
// address, and a TLS file that cannot be read fails start-up naming the
// client and the field; nothing is left running either way.
func TestNewErrors(t *testing.T) {
	_, err := redis.New(redis.Config{Clients: map[string]redis.ClientConfig{"cache": {URL: "redis://h/x"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), `client "cache" (Config.Clients[cache])`) || !strings.Contains(err.Error(), "db number") {
		t.Errorf("New with a bad URL: %v", err)
	}
	t.Setenv("REDIS_TLS_CA_FILE", "testdata/no-such-ca.pem")
	_, err = egg.New(egg.Env("unittest"), redis.Module)
	if err == nil || !strings.Contains(err.Error(), `client "default" (Config.Client, env REDIS_*): TLSCAFile: open testdata/no-such-ca.pem`) {
		t.Errorf("start-up with a missing CA file: %v", err)
	}
}

// Each client is a readiness check in modules/health: /readyz names it.
func TestReadinessCheckPerClient(t *testing.T) {
	url := serverURL(t)
	app := eggtest.New(t, health.Module, redis.Module, egg.Configure(func(c *redis.Config) {
		c.Client.URL = redis.URL(url)
	}))
	app.GET("/readyz").Do().Status(200).BodyContains(`"redis.default"`)
}
