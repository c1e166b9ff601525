package redis_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

func TestDefaultAndNamedClients(t *testing.T) {
	url := serverURL(t)
	rc := direct(t)
	key := unique(t)
	cleanKeys(t, rc, key+"*")
	other := withDB(t, 1)
	var (
		cs  *redis.Clients
		def redis.UniversalClient
	)
	app := eggtest.New(t, redis.Module, withURL(t, url, func(c *redis.Config) {
		c.Clients = map[string]redis.ClientConfig{"cache": {URL: redis.URL(other)}}
	}), fx.Populate(&cs, &def))
	ctx := app.Ctx()

	if got := cs.Names(); len(got) != 2 || got[0] != "default" || got[1] != "cache" {
		t.Fatalf("Names() = %v, want [default cache]", got)
	}
	cache, err := cs.Get("cache")
	if err != nil {
		t.Fatal(err)
	}
	same, err := cs.Get(redis.DefaultClient)
	if err != nil || same != def {
		t.Fatalf(`Get("default") = %v, %v; want the injected UniversalClient`, same, err)
	}
	if err := def.Set(ctx, key, "db0", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if err := cache.Set(ctx, key, "db1", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cache.Del(context.Background(), key) }) // before the app closes it
	if v, _ := def.Get(ctx, key).Result(); v != "db0" {
		t.Errorf("default client reads %q, want db0", v)
	}
	if v, _ := cache.Get(ctx, key).Result(); v != "db1" {
		t.Errorf("cache client reads %q, want db1: the named client must use its own db", v)
	}
	if _, err := cs.Get("sessions"); err == nil || !strings.Contains(err.Error(), `no client is named "sessions"; configured: default, cache`) {
		t.Errorf(`Get("sessions") = %v`, err)
	}
	if _, err := def.Get(ctx, key+":missing").Result(); !errors.Is(err, redis.Nil) {
		t.Errorf("GET of a missing key: %v, want redis.Nil", err)
	}
	app.ExpectLog(`client=cache`)
}

func TestDisabledDefaultClient(t *testing.T) {
	url := serverURL(t)
	var cs *redis.Clients
	eggtest.New(t, redis.Module, withURL(t, url, func(c *redis.Config) {
		c.Client.Disabled = true
		c.Clients = map[string]redis.ClientConfig{"cache": {URL: redis.URL(url)}}
		c.SessionClient, c.LockClient = "cache", "cache"
	}), fx.Populate(&cs))
	if got := cs.Names(); len(got) != 1 || got[0] != "cache" {
		t.Errorf("Names() = %v, want [cache]", got)
	}
	if _, err := cs.Get("default"); err == nil || !strings.Contains(err.Error(), "the default client is disabled") {
		t.Errorf(`Get("default") = %v`, err)
	}
	// asking for the default client then fails start-up with the same words
	_, err := eggtest.Start(t, redis.Module, withURL(t, url, func(c *redis.Config) { c.Client.Disabled = true }),
		fx.Invoke(func(redis.UniversalClient) {}))
	if err == nil || !strings.Contains(err.Error(), "the default client is disabled (Config.Client.Disabled, REDIS_DISABLED=true)") {
		t.Errorf("start-up asking for a disabled default client: %v", err)
	}
}

// TestEnvironment: REDIS_URL and the other variables set the default
// client, over the app's config.
func TestEnvironment(t *testing.T) {
	url := serverURL(t)
	t.Setenv("REDIS_URL", url)
	t.Setenv("REDIS_WEAK", "true")
	t.Setenv("REDIS_CONNECT_TIMEOUT", "3s")
	t.Setenv("REDIS_SESSION_PREFIX", "s:")
	var cfg redis.Config
	eggtest.New(t, redis.Module, egg.Configure(func(c *redis.Config) { c.Client.URL = "redis://elsewhere:1/0" }), fx.Populate(&cfg))
	if string(cfg.Client.URL) != url || !cfg.Client.Weak || cfg.Client.ConnectTimeout != 3*time.Second || cfg.SessionPrefix != "s:" {
		t.Errorf("config from the environment: %+v", cfg)
	}
}

// TestConfigDumpMasksSecrets: passwords (fields and inside URLs) and the
// TLS configuration never reach application_config.json.
func TestConfigDumpMasksSecrets(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("REDIS_URL", "")
	_ = os.Unsetenv("REDIS_URL")
	eggtest.New(t, redis.Module,
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig, c.RunDir = true, dir }),
		egg.Configure(func(c *redis.Config) {
			c.Client = redis.ClientConfig{Disabled: true, URL: "redis://app:UrlSecret1@cache.internal:6379/2", Password: "FieldSecret2",
				SentinelPassword: "SentinelSecret3", TLSConfig: &tls.Config{ServerName: "TLSSecret4"}}
			c.Clients = map[string]redis.ClientConfig{
				"cache": {Disabled: true, URL: "rediss://:UrlSecret5@h:6380/0", Password: "FieldSecret6"},
			}
		}))
	b, err := os.ReadFile(filepath.Join(dir, "application_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	dump := string(b)
	for _, secret := range []string{"UrlSecret1", "FieldSecret2", "SentinelSecret3", "TLSSecret4", "UrlSecret5", "FieldSecret6"} {
		if strings.Contains(dump, secret) {
			t.Errorf("the config dump shows %s:\n%s", secret, dump)
		}
	}
	var doc struct {
		Config struct {
			Redis struct {
				Config struct {
					Client  map[string]any
					Clients map[string]map[string]any
				}
			} `json:"redis"`
		} `json:"config"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	client, cache := doc.Config.Redis.Config.Client, doc.Config.Redis.Config.Clients["cache"]
	for _, tt := range []struct {
		what string
		got  any
		want string
	}{
		{"Client.URL", client["URL"], "redis://app:xxxxx@cache.internal:6379/2"},
		{"Client.Password", client["Password"], "<String len: 12>"},
		{"Client.SentinelPassword", client["SentinelPassword"], "<String len: 15>"},
		{"Client.TLSConfig", client["TLSConfig"], "<masked>"},
		{"Client.Username", client["Username"], ""},
		{"Clients[cache].URL", cache["URL"], "rediss://:xxxxx@h:6380/0"},
		{"Clients[cache].Password", cache["Password"], "<String len: 12>"},
	} {
		if tt.got != tt.want {
			t.Errorf("dump %s = %v, want %q", tt.what, tt.got, tt.want)
		}
	}
}

func TestBootFailsNamingClientAndAddress(t *testing.T) {
	serverURL(t)
	addr := closedAddr(t)
	fast := func(cc *redis.ClientConfig) {
		cc.ConnectTimeout, cc.RetryInterval = 300*time.Millisecond, 50*time.Millisecond
	}

	start := time.Now()
	_, err := eggtest.Start(t, redis.Module, withURL(t, "redis://"+addr+"/0", func(c *redis.Config) { fast(&c.Client) }))
	if err == nil {
		t.Fatal("the app started with its Redis down")
	}
	for _, want := range []string{`module "redis" WillReady failed`, `client "default" at ` + addr + ` (db 0)`,
		"connection refused", "point REDIS_URL at it", "REDIS_WEAK=true"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("start-up error lacks %q:\n%v", want, err)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("start-up took %s to fail with ConnectTimeout 300ms", d)
	}

	// a named client is named, with where its config is
	url := serverURL(t)
	_, err = eggtest.Start(t, redis.Module, withURL(t, url, func(c *redis.Config) {
		cc := redis.ClientConfig{URL: redis.URL("redis://" + addr + "/3")}
		fast(&cc)
		c.Clients = map[string]redis.ClientConfig{"cache": cc}
	}))
	if err == nil || !strings.Contains(err.Error(), `client "cache" at `+addr+` (db 3)`) ||
		!strings.Contains(err.Error(), "fix its address in Config.Clients[cache]") {
		t.Errorf("start-up error for a named client: %v", err)
	}
}

// TestWeakClientStartsAndRecovers: a Weak client's Redis is down at
// start-up; the app starts, and the client gets through once Redis
// appears, without a restart.
func TestWeakClientStartsAndRecovers(t *testing.T) {
	p := newProxy(t, false)
	var cs *redis.Clients
	app := eggtest.New(t, redis.Module, withURL(t, p.url(), func(c *redis.Config) {
		c.Client.Weak, c.Client.ConnectTimeout, c.Client.RetryInterval = true, 2*time.Second, 100*time.Millisecond
	}), fx.Populate(&cs))
	app.ExpectLog("starting without it (Weak) and retrying in the background")
	ctx := app.Ctx()
	if err := cs.Ping(ctx, "default"); err == nil {
		t.Fatal("Ping succeeded with Redis down")
	}
	checks := cs.Checks()
	if len(checks) != 1 || checks[0].Name != "redis.default" || !checks[0].Weak {
		t.Fatalf("Checks() = %+v", checks)
	}
	if err := checks[0].Run(ctx); err == nil || !strings.Contains(err.Error(), `client "default" at `+p.addr) {
		t.Errorf("readiness check with Redis down: %v", err)
	}

	p.up()
	if err := eventually(10*time.Second, func() error {
		for _, line := range app.Logs() {
			if strings.Contains(line, "redis client connected after retrying") {
				return nil
			}
		}
		return errNotYet
	}); err != nil {
		t.Fatal("the weak client never reported that it got through")
	}
	if err := checks[0].Run(ctx); err != nil {
		t.Errorf("readiness check once Redis is up: %v", err)
	}
	rc, _ := cs.Get("default")
	if err := rc.Set(ctx, unique(t), "x", time.Second).Err(); err != nil {
		t.Errorf("SET once Redis is up: %v", err)
	}
}

// TestWeakClientNeverUp: the background retries end when the app closes
// (goleak in TestMain checks that nothing is left).
func TestWeakClientNeverUp(t *testing.T) {
	serverURL(t)
	app := eggtest.New(t, redis.Module, withURL(t, "redis://"+closedAddr(t)+"/0", func(c *redis.Config) {
		c.Client.Weak, c.Client.RetryInterval = true, 20*time.Millisecond
	}))
	if err := eventually(5*time.Second, func() error {
		for _, line := range app.Logs() {
			if strings.Contains(line, "still not answering") && strings.Contains(line, "attempt=2") {
				return nil
			}
		}
		return errNotYet
	}); err != nil {
		t.Errorf("the weak client did not keep retrying; logged:\n%s", strings.Join(app.Logs(), "\n"))
	}
}

func TestClientsClosedAtBeforeClose(t *testing.T) {
	url := serverURL(t)
	var rc redis.UniversalClient
	app, err := egg.New(egg.Env("unittest"), redis.Module, withURL(t, url), fx.Populate(&rc))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := rc.Ping(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := rc.Ping(context.Background()).Err(); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("PING after the app stopped: %v, want the client closed", err)
	}
}
