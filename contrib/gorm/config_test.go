package gorm_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

func TestDefaultConfig(t *testing.T) {
	c := gorm.DefaultConfig()
	ds := c.DB
	if ds.ConnectAttempts != 3 || ds.ConnectInterval != time.Second { // egg-sequelize: 3 × 1 s
		t.Errorf("connect retries %d × %v, want 3 × 1s", ds.ConnectAttempts, ds.ConnectInterval)
	}
	if ds.MaxOpenConns != 10 || ds.MaxIdleConns != 5 || ds.ConnMaxLifetime != 30*time.Minute ||
		ds.ConnMaxIdleTime != 5*time.Minute || ds.ConnectTimeout != 5*time.Second {
		t.Errorf("pool defaults: %+v", ds)
	}
	if c.SlowThreshold != 200*time.Millisecond || c.AutoMigrate || c.LogValues || ds.Driver != "" || ds.DSN != "" {
		t.Errorf("defaults: %+v", c)
	}
}

// The module's per-env defaults: auto-migration and values in the SQL log
// in local and unittest only.
func TestPerEnvDefaults(t *testing.T) {
	for env, want := range map[string]bool{"local": true, "unittest": true, "prod": false, "test": false} {
		var cfg gorm.Config
		if _, err := egg.New(egg.Env(env), egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard), gorm.Module, fx.Populate(&cfg)); err != nil {
			t.Fatal(err)
		}
		if cfg.AutoMigrate != want || cfg.LogValues != want {
			t.Errorf("env %s: AutoMigrate %v LogValues %v, want %v", env, cfg.AutoMigrate, cfg.LogValues, want)
		}
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	t.Setenv("GORM_DSN", "postgres://app:pw@db.internal:6432/shop?sslmode=require")
	t.Setenv("GORM_MAX_OPEN_CONNS", "3")
	t.Setenv("GORM_MAX_IDLE_CONNS", "2")
	t.Setenv("GORM_CONNECT_ATTEMPTS", "5")
	t.Setenv("GORM_CONNECT_INTERVAL", "250ms")
	t.Setenv("GORM_SLOW_THRESHOLD", "1s")
	t.Setenv("GORM_AUTO_MIGRATE", "false")
	t.Setenv("GORM_PASSWORD", "from-secret")
	var cfg gorm.Config
	if _, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module, fx.Populate(&cfg)); err != nil {
		t.Fatal(err)
	}
	ds := cfg.DB
	if ds.Driver != "postgres" || string(ds.DSN) != "postgres://app:pw@db.internal:6432/shop?sslmode=require" ||
		ds.MaxOpenConns != 3 || ds.MaxIdleConns != 2 || ds.ConnectAttempts != 5 || ds.ConnectInterval != 250*time.Millisecond ||
		ds.Password != "from-secret" || cfg.SlowThreshold != time.Second || cfg.AutoMigrate {
		t.Fatalf("config from the environment: %+v", cfg)
	}
}

// Start-up refuses configs that cannot work, naming the field and the fix.
func TestStartupRefusals(t *testing.T) {
	tests := []struct {
		name string
		opts []fx.Option
		want string
	}{
		{"unknown driver", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.Driver = "oracle" })},
			`config field DB.Driver = oracle (set by app (`},
		{"driver and URL disagree", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.Driver, c.DB.DSN = "mysql", "postgres://h/db" })},
			`is invalid: the DSN is a postgres URL but the driver is mysql: drop the driver setting or make them agree`},
		{"MySQL DSN without a driver", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.DSN = "root:pw@tcp(db:3306)/shop" })},
			`config field DB.DSN = root:xxxxx@tcp(db:3306)/shop (set by app (`},
		{"postgres without DSN", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.Driver = "postgres" })},
			`is invalid: driver postgres needs a DSN saying where the database is, e.g. GORM_DSN=postgres://user:password@host:5432/dbname`},
		{":memory:", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.DSN = ":memory:" })},
			`":memory:" gives each connection of the pool its own empty database: use gorm.SQLiteMemory("name")`},
		{"bad postgres DSN", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.DSN = "postgres://u:pw@host:notaport/db" })},
			`not a PostgreSQL DSN`},
		{"no attempts", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.ConnectAttempts = 0 })},
			`config field DB.ConnectAttempts = 0 (set by app (`},
		{"more idle than open", []fx.Option{egg.Configure(func(c *gorm.Config) { c.DB.MaxOpenConns, c.DB.MaxIdleConns = 2, 5 })},
			`5 idle connections cannot be kept with at most 2 open: lower it or raise MaxOpenConns, e.g. GORM_MAX_IDLE_CONNS=2`},
		{"datasource named default", []fx.Option{egg.Configure(func(c *gorm.Config) {
			c.DBs = map[string]gorm.Datasource{"default": {DSN: "x.db"}}
		})}, `the datasource name "default" is reserved or empty`},
		{"named datasource with a bad driver", []fx.Option{egg.Configure(func(c *gorm.Config) {
			c.DBs = map[string]gorm.Datasource{"reports": {Driver: "db2", DSN: "x"}}
		})}, `config field DBs[reports].Driver is invalid: unknown driver "db2": use sqlite, postgres or mysql (datasource "reports")`},
		{"negative slow threshold", []fx.Option{egg.Configure(func(c *gorm.Config) { c.SlowThreshold = -time.Second })},
			`config field SlowThreshold = -1s (set by app (`},
		{"models not pointers", []fx.Option{gorm.Models(User{})},
			`gorm: model 1 given at config_test.go:`},
		{"models of an unknown datasource", []fx.Option{gorm.ModelsFor("analytics", &User{})},
			`name datasource "analytics", which the config does not declare (datasources: default); add it to Config.DBs or register the models with gorm.Models`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, err := egg.New(append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module}, tt.opts...)...)
			if err == nil {
				err = app.Start(context.Background())
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			if strings.Contains(err.Error(), ":pw@") {
				t.Fatalf("the password leaked: %v", err)
			}
		})
	}
}

// The config dump masks every password: the Password fields, and the one
// inside each DSN. The app cannot start here (every database is on a
// closed port), so the dump is read from the config subcommand, which
// builds the app without starting it and prints what
// run/application_config.json holds once an app has started.
func TestConfigDumpMasksPasswords(t *testing.T) {
	var stdout, stderr strings.Builder
	code := egg.RunArgs([]string{"config", "--env", "local"}, &stdout, &stderr, egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard), gorm.Module,
		egg.Configure(func(c *gorm.Config) {
			c.DB.DSN = gorm.DSN("postgres://app:url-secret-1@" + closedPort(t) + "/shop?sslmode=disable")
			c.DB.Password = "field-secret-2"
			c.DB.ConnectAttempts = 1
			c.DBs = map[string]gorm.Datasource{
				"reports": {DSN: "reader:url-secret-3@tcp(127.0.0.1:1)/reports", Driver: "mysql", Password: "field-secret-4"},
				"legacy":  {Driver: "postgres", DSN: "host=127.0.0.1 port=1 user=old password='kv secret 5' dbname=legacy"},
			}
		}))
	if code != 0 {
		t.Fatalf("egg config: exit %d\n%s", code, stderr.String())
	}
	dump := stdout.String() + stderr.String()
	for _, secret := range []string{"url-secret-1", "field-secret-2", "url-secret-3", "field-secret-4", "kv secret 5"} {
		if strings.Contains(dump, secret) {
			t.Errorf("the dump shows %q:\n%s", secret, dump)
		}
	}
	for _, want := range []string{`"DSN": "postgres://app:xxxxx@`, `"Password": "<String len: 14>"`, `"DSN": "reader:xxxxx@tcp(127.0.0.1:1)/reports"`,
		`password=xxxxx dbname=legacy`} {
		if !strings.Contains(dump, want) {
			t.Errorf("the dump lacks %s:\n%s", want, dump)
		}
	}
	// named datasources show the values they take from DB
	if n := strings.Count(dump, `"ConnectAttempts": 1,`); n != 3 {
		t.Errorf("ConnectAttempts 1 appears %d times, want 3 (DB and both named ones)", n)
	}
}

// Fields left zero in a named datasource take DB's values.
func TestNamedDatasourcesInheritPoolSettings(t *testing.T) {
	var reg *gorm.Registry
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module, fx.Populate(&reg),
		egg.Configure(func(c *gorm.Config) {
			c.DB.MaxOpenConns = 7
			c.DBs = map[string]gorm.Datasource{
				"cache":   {DSN: gorm.SQLiteMemory("cache-" + t.Name())},
				"archive": {DSN: gorm.SQLiteMemory("archive-" + t.Name()), MaxOpenConns: 2, MaxIdleConns: 1},
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	if got := strings.Join(reg.Names(), ","); got != "default,archive,cache" {
		t.Fatalf("Names() = %s", got)
	}
	for name, want := range map[string]int{"default": 7, "cache": 7, "archive": 2} {
		st, ok := reg.Stats(name)
		if !ok || st.MaxOpenConnections != want {
			t.Errorf("%s: MaxOpenConnections %d (%v), want %d", name, st.MaxOpenConnections, ok, want)
		}
	}
	if _, err := reg.Get("nope"); err == nil || !strings.Contains(err.Error(), `no datasource named "nope"; the config declares default, archive, cache`) {
		t.Errorf("Get(nope): %v", err)
	}
	// each datasource is its own database
	cache, err := reg.Get("cache")
	if err != nil {
		t.Fatal(err)
	}
	if err := cache.AutoMigrate(&User{}); err != nil {
		t.Fatal(err)
	}
	if reg.DB().Migrator().HasTable(&User{}) {
		t.Error("a table created in cache shows in default")
	}
}
