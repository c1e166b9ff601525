package gormtest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

type Note struct {
	ID   uint
	Text string
}

// exists reports whether the named schema or database is on the server,
// asked through a connection of its own.
func exists(t *testing.T, driver, dsn, query, name string) bool {
	t.Helper()
	ds := gorm.DefaultDatasource()
	ds.Driver, ds.DSN, ds.ConnectAttempts = driver, gorm.DSN(dsn), 1
	reg, err := gorm.New(gorm.Config{DB: ds}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	var n int64
	if err := reg.DB().Raw(query, name).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// Each test gets its own schema or database, and it is gone after the
// test: checked from outside the subtest that made it.
func TestFreshDatabasePerTestDroppedAtCleanup(t *testing.T) {
	for _, tc := range []struct {
		driver string
		url    func(testing.TB) string
		option func(testing.TB, string) fx.Option
		name   string // the current schema or database
		exists string
	}{
		{"postgres", gormtest.PostgresURL, gormtest.Postgres, "SELECT current_schema()",
			"SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?"},
		{"mysql", gormtest.MySQLURL, gormtest.MySQL, "SELECT DATABASE()",
			"SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?"},
	} {
		t.Run(tc.driver, func(t *testing.T) {
			url := tc.url(t)
			var first, second string
			for i, name := range []*string{&first, &second} {
				t.Run("test", func(t *testing.T) {
					var reg *gorm.Registry
					eggtest.New(t, gorm.Module, gorm.Models(&Note{}), tc.option(t, url), fx.Populate(&reg))
					if err := reg.DB().Raw(tc.name).Scan(name).Error; err != nil {
						t.Fatal(err)
					}
					if !strings.HasPrefix(*name, "t_testfreshdatabasepertestdroppedatcleanup_") {
						t.Fatalf("test %d runs in %q, want a schema named after the test", i, *name)
					}
					var n int64
					reg.DB().Model(&Note{}).Count(&n)
					if n != 0 {
						t.Fatalf("test %d starts with %d notes, want an empty table", i, n)
					}
					reg.DB().Create(&Note{Text: "left behind"})
				})
			}
			if first == second {
				t.Fatalf("two tests shared %s", first)
			}
			for _, name := range []string{first, second} {
				if exists(t, tc.driver, url, tc.exists, name) {
					t.Errorf("%s is still there after its test", name)
				}
			}
		})
	}
}

// SQLite: an in-memory database per test, named after it.
func TestSQLitePerTest(t *testing.T) {
	var dsns []string
	for range 2 {
		t.Run("test", func(t *testing.T) {
			var cfg gorm.Config
			var reg *gorm.Registry
			eggtest.New(t, gorm.Module, gorm.Models(&Note{}), gormtest.SQLite(t), fx.Populate(&cfg, &reg))
			dsns = append(dsns, string(cfg.DB.DSN))
			var n int64
			reg.DB().Model(&Note{}).Count(&n)
			if n != 0 {
				t.Fatalf("%d notes at start", n)
			}
			reg.DB().Create(&Note{Text: "x"})
		})
	}
	if dsns[0] == dsns[1] || !strings.Contains(dsns[0], "file:t_testsqlitepertest_test") || !strings.Contains(dsns[0], "mode=memory") {
		t.Fatalf("DSNs %q", dsns)
	}
}

// The test's database wins over the app's config and GORM_ variables.
func TestOverridesConfigAndEnvironment(t *testing.T) {
	t.Setenv("GORM_DSN", "postgres://nobody@127.0.0.1:1/nowhere")
	var cfg gorm.Config
	eggtest.New(t, gorm.Module, gormtest.SQLite(t), fx.Populate(&cfg),
		egg.Configure(func(c *gorm.Config) { c.DB.Password = "ignored" }))
	if cfg.DB.Driver != gorm.SQLite || cfg.DB.Password != "" {
		t.Fatalf("config %+v", cfg.DB)
	}
}

func TestWithoutTheModule(t *testing.T) {
	_, err := eggtest.Start(t, gormtest.SQLite(t))
	if err == nil || !strings.Contains(err.Error(), "the app has no gorm module") {
		t.Fatalf("error: %v", err)
	}
}
