package gorm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/health"
	"go.uber.org/fx"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// hangUp listens and closes every connection at once, counting them: a
// server that is there but never answers.
func hangUp(t *testing.T) (addr string, accepted *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = new(atomic.Int32)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = l.Close(); <-done })
	return l.Addr().String(), accepted
}

// startErr builds and starts an app that must fail to start, and returns
// the error and the app's log.
func startErr(t *testing.T, opts ...fx.Option) (error, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	all := append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), egg.WithLogHandler(logs.handler()), gorm.Module}, opts...)
	app, err := egg.New(all...)
	if err == nil {
		err = app.Start(context.Background())
		if err == nil {
			_ = app.Stop(context.Background())
			t.Fatal("the app started; want a start-up error")
		}
	}
	return err, logs
}

func pointAt(driver, dsn string, interval time.Duration) fx.Option {
	return egg.Configure(func(c *gorm.Config) {
		c.DB.Driver, c.DB.DSN, c.DB.ConnectInterval = driver, gorm.DSN(dsn), interval
	})
}

// The database is down at boot: start-up tries 3 times (Egg's
// egg-sequelize: 3 × 1 s; the interval is shortened here), then fails
// naming the datasource, the driver, the address and the fix.
func TestBootFailsAfterRetriesNamingTheDatasource(t *testing.T) {
	for _, tc := range []struct{ driver, dsn string }{
		{"postgres", "postgres://app:s3cret-pw@%s/app?sslmode=disable"},
		{"mysql", "mysql://app:s3cret-pw@%s/app"},
	} {
		t.Run(tc.driver+" closed port", func(t *testing.T) {
			addr := closedPort(t)
			err, logs := startErr(t, pointAt(tc.driver, fmt.Sprintf(tc.dsn, addr), 10*time.Millisecond))
			want := fmt.Sprintf(`egg: module "gorm" DidLoad failed (*gorm.Registry): gorm: cannot connect to datasource "default" (%s at %s) after 3 attempts 10ms apart: `, tc.driver, addr)
			if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "; start the database or point GORM_DSN at it") {
				t.Fatalf("error:\n%v\nwant it to begin with:\n%s\nand end with the fix", err, want)
			}
			if strings.Contains(err.Error(), "s3cret-pw") || strings.Contains(logs.String(), "s3cret-pw") {
				t.Fatalf("the password leaked:\n%v\n%s", err, logs)
			}
			var ce *gorm.ConnectError
			if !errors.As(err, &ce) || ce.Attempts != 3 || ce.Addr != addr {
				t.Fatalf("errors.As ConnectError: %+v", ce)
			}
			if n := len(logs.lines("cannot connect to the database, retrying", "addr="+addr)); n != 2 {
				t.Fatalf("%d retry warnings, want 2 (before attempts 2 and 3):\n%s", n, logs)
			}
		})
	}
	t.Run("postgres server that hangs up", func(t *testing.T) {
		addr, accepted := hangUp(t)
		err, _ := startErr(t, pointAt("postgres", "postgres://app@"+addr+"/app?sslmode=disable", time.Millisecond))
		if err == nil || !strings.Contains(err.Error(), "after 3 attempts") {
			t.Fatalf("error: %v", err)
		}
		// database/sql itself dials once more when a fresh connection is
		// reset (driver.ErrBadConn), so each attempt is one or two dials
		if n := accepted.Load(); n < 3 || n > 6 {
			t.Fatalf("the server saw %d connections, want 3 attempts of 1 or 2 dials", n)
		}
	})
}

// A server that answers and refuses (unknown database) fails at once:
// waiting would not change its mind.
func TestBootFailsAtOnceWhenTheServerRefuses(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		base := gormtest.PostgresURL(t)
		dsn := strings.Replace(base, "/test?", "/no_such_database_egg?", 1)
		if dsn == base {
			t.Skip("DATABASE_URL does not name database test")
		}
		err, logs := startErr(t, pointAt("postgres", dsn, time.Hour))
		if err == nil || !strings.Contains(err.Error(), "after 1 attempt:") || !strings.Contains(err.Error(), "3D000") {
			t.Fatalf("error: %v\n%s", err, logs)
		}
	})
	t.Run("mysql", func(t *testing.T) {
		base := gormtest.MySQLURL(t)
		dsn := strings.Replace(base, "/test?", "/no_such_database_egg?", 1)
		if dsn == base {
			t.Skip("MYSQL_URL does not name database test")
		}
		err, _ := startErr(t, pointAt("mysql", dsn, time.Hour))
		if err == nil || !strings.Contains(err.Error(), "after 1 attempt:") || !strings.Contains(err.Error(), "1049") {
			t.Fatalf("error: %v", err)
		}
	})
}

// A new app needs no database server: the default is a SQLite file under
// the base dir, with WAL, a busy timeout and foreign keys, and its models
// migrated in env local.
func TestDefaultIsASQLiteFileUnderTheBaseDir(t *testing.T) {
	dir := t.TempDir()
	var reg *gorm.Registry
	var cfg gorm.Config
	app, err := egg.New(egg.Env("local"), egg.Name("blogapp"), egg.BaseDir(dir), egg.LogOutput(io.Discard),
		gorm.Module, gorm.Models(&User{}, &Post{}), fx.Populate(&reg, &cfg))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	file := filepath.Join(dir, "data", "blogapp.db")
	if want := gorm.SQLiteFile(file); cfg.DB.DSN != want || cfg.DB.Driver != "sqlite" || !cfg.AutoMigrate {
		t.Fatalf("config: driver %q DSN %q auto-migrate %v; want sqlite %q true", cfg.DB.Driver, string(cfg.DB.DSN), cfg.AutoMigrate, want)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("no database file: %v", err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "busy_timeout": "5000", "foreign_keys": "1", "synchronous": "1"} {
		var got string
		if err := reg.DB().Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil || got != want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", pragma, got, err, want)
		}
	}
	if !reg.DB().Migrator().HasTable(&Post{}) {
		t.Error("env local did not migrate the models")
	}
}

// In env unittest each app gets its own in-memory database: nothing is
// shared between tests, nothing is left on disk.
func TestUnittestDefaultIsAPrivateMemoryDatabase(t *testing.T) {
	a := eggtest.New(t, gorm.Module, gorm.Models(&User{}))
	b := eggtest.New(t, gorm.Module, gorm.Models(&User{}))
	if err := gorm.DB(a.Ctx()).Create(&User{Name: "only-in-a"}).Error; err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := gorm.DB(b.Ctx()).Model(&User{}).Count(&n).Error; err != nil || n != 0 {
		t.Fatalf("app b sees %d users (%v); want its own empty database", n, err)
	}
	if err := gorm.DB(a.Ctx()).Model(&User{}).Count(&n).Error; err != nil || n != 1 {
		t.Fatalf("app a sees %d users (%v), want 1", n, err)
	}
}

// Auto-migration is off in prod by default: the tables are the deploy
// step's business (Registry.Migrate).
func TestProdDoesNotMigrateUnlessAsked(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []fx.Option
		want bool
	}{
		{"prod default", nil, false},
		{"prod with GORM_AUTO_MIGRATE", []fx.Option{egg.Configure(func(c *gorm.Config) { c.AutoMigrate = true })}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var reg *gorm.Registry
			opts := append([]fx.Option{egg.Env("prod"), egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard),
				gorm.Module, gorm.Models(&User{}, &Post{}), fx.Populate(&reg)}, tc.opts...)
			app, err := egg.New(opts...)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer app.Stop(context.Background())
			if got := reg.DB().Migrator().HasTable(&User{}); got != tc.want {
				t.Fatalf("users table exists: %v, want %v", got, tc.want)
			}
			if !tc.want {
				if err := reg.Migrate(t.Context()); err != nil || !reg.DB().Migrator().HasTable(&Post{}) {
					t.Fatalf("Migrate: %v", err)
				}
			}
		})
	}
}

// Each datasource is a readiness check in modules/health: /readyz names it.
func TestReadinessCheckPerDatasource(t *testing.T) {
	app := eggtest.New(t, health.Module, gorm.Module, gorm.Models(&User{}))
	app.GET("/readyz").Do().Status(200).BodyContains(`"gorm.default"`)
}
