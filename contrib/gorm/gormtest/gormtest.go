// Package gormtest gives each test a database of its own for apps that use
// the gorm module: an in-memory SQLite database named after the test, a
// PostgreSQL schema or a MySQL database created for the test and dropped
// when it ends. Each function returns an option for eggtest.New (or
// egg.New) that points the default datasource at that database, whatever
// the config and environment say:
//
//	func TestUsers(t *testing.T) {
//		app := eggtest.New(t, gorm.Module, gormtest.Postgres(t, gormtest.PostgresURL(t)), app.Module)
//		...
//	}
//
// The module migrates the registered models at start-up in env unittest,
// so every test starts from empty tables. PostgresURL and MySQLURL read
// DATABASE_URL and MYSQL_URL (defaulting to a local server) and skip the
// test when the server does not answer, or fail it when CI=true: in CI a
// missing database is a broken build, not a reason to pass.
package gormtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/go-sql-driver/mysql"
	"go.uber.org/fx"
)

// Defaults of PostgresURL and MySQLURL: the servers a development machine
// runs.
const (
	DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQLURL    = "root@tcp(127.0.0.1:3306)/test?parseTime=true"
)

// SQLite points the default datasource at an in-memory SQLite database
// named after the test (shared by the pool's connections), which goes
// away when the app closes it.
func SQLite(t testing.TB) fx.Option {
	return use(gorm.SQLite, gorm.SQLiteMemory(dbName(t)))
}

// Postgres creates a schema named after the test in the PostgreSQL
// database at dsn (a URL or pgx's key=value form), points the default
// datasource at it (search_path), and drops the schema with everything in
// it when the test ends, after the app stopped.
func Postgres(t testing.TB, dsn string) fx.Option {
	t.Helper()
	schema := dbName(t)
	admin(t, gorm.Postgres, dsn, `CREATE SCHEMA "`+schema+`"`, `DROP SCHEMA IF EXISTS "`+schema+`" CASCADE`)
	return use(gorm.Postgres, gorm.DSN(withSearchPath(dsn, schema)))
}

// MySQL creates a database named after the test on the MySQL or MariaDB
// server at dsn (go-sql-driver's form or a mysql:// URL), points the
// default datasource at it, and drops it when the test ends.
func MySQL(t testing.TB, dsn string) fx.Option {
	t.Helper()
	name := dbName(t)
	admin(t, gorm.MySQL, dsn, "CREATE DATABASE `"+name+"`", "DROP DATABASE IF EXISTS `"+name+"`")
	other, err := withDatabase(dsn, name)
	if err != nil {
		t.Fatalf("gormtest: %v", err)
	}
	return use(gorm.MySQL, gorm.DSN(other))
}

// PostgresURL returns DATABASE_URL, or DefaultPostgresURL, once the
// server answers there; see the package doc for what happens when it
// does not.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return reachable(t, "DATABASE_URL", DefaultPostgresURL, gorm.Postgres)
}

// MySQLURL returns MYSQL_URL, or DefaultMySQLURL, once the server answers
// there.
func MySQLURL(t testing.TB) string {
	t.Helper()
	return reachable(t, "MYSQL_URL", DefaultMySQLURL, gorm.MySQL)
}

var probes sync.Map // dsn → error (nil when reachable), one probe per process

func reachable(t testing.TB, env, def, driver string) string {
	t.Helper()
	dsn := os.Getenv(env)
	if dsn == "" {
		dsn = def
	}
	v, ok := probes.Load(dsn)
	if !ok {
		v, _ = probes.LoadOrStore(dsn, probe(driver, dsn))
	}
	if err, _ := v.(error); err != nil {
		var ce *gorm.ConnectError
		if errors.As(err, &ce) {
			err = ce.Err // the driver's own words; the fix is below
		}
		msg := fmt.Sprintf("gormtest: no %s server at %s (%s): %v; start it or set %s", driver, gorm.DSN(dsn), env, err, env)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: a missing server fails the test)")
		}
		t.Skip(msg)
	}
	return dsn
}

func probe(driver, dsn string) error {
	reg, err := open(driver, dsn)
	if err != nil {
		return err
	}
	return reg.Close()
}

// open connects a one-connection registry for administration.
func open(driver, dsn string) (*gorm.Registry, error) {
	ds := gorm.DefaultDatasource()
	ds.Driver, ds.DSN, ds.ConnectAttempts, ds.MaxOpenConns, ds.MaxIdleConns = driver, gorm.DSN(dsn), 1, 1, 1
	reg, err := gorm.New(gorm.Config{DB: ds}, nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := reg.Open(ctx); err != nil {
		return nil, err
	}
	return reg, nil
}

// admin runs create now and drop when the test ends.
func admin(t testing.TB, driver, dsn, create, drop string) {
	t.Helper()
	run := func(stmt string) error {
		reg, err := open(driver, dsn)
		if err != nil {
			return err
		}
		defer reg.Close()
		return reg.DB().Exec(stmt).Error
	}
	if err := run(create); err != nil {
		t.Fatalf("gormtest: %s on %s: %v", create, gorm.DSN(dsn), err)
	}
	t.Cleanup(func() {
		if err := run(drop); err != nil {
			t.Errorf("gormtest: %s on %s: %v", drop, gorm.DSN(dsn), err)
		}
	})
}

// use points the default datasource at dsn in ConfigWillLoad, the last
// config layer, so neither the app's config nor GORM_* variables can send
// a test to another database.
func use(driver string, dsn gorm.DSN) fx.Option {
	return egg.Boot(&override{driver: driver, dsn: dsn})
}

type override struct {
	driver string
	dsn    gorm.DSN
}

// ConfigWillLoad implements egg.ConfigWillLoader.
func (o *override) ConfigWillLoad(cs *egg.Configs) error {
	cfg := egg.ConfigOf[gorm.Config](cs)
	if cfg == nil {
		return fmt.Errorf("gormtest: the app has no gorm module; add gorm.Module before gormtest's option")
	}
	cfg.DB.Driver, cfg.DB.DSN, cfg.DB.Password = o.driver, o.dsn, ""
	return nil
}

// dbName is the test's name as an identifier every database accepts,
// with a random suffix: t_<name>_<hex>, at most 63 characters.
func dbName(t testing.TB) string {
	var b strings.Builder
	b.WriteString("t_")
	for _, r := range strings.ToLower(t.Name()) {
		if b.Len() >= 48 {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	var suffix [4]byte
	_, _ = rand.Read(suffix[:])
	b.WriteByte('_')
	b.WriteString(hex.EncodeToString(suffix[:]))
	return b.String()
}

// withSearchPath sets the session's search_path to schema in a
// PostgreSQL DSN.
func withSearchPath(dsn, schema string) string {
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

// withDatabase names another database in a MySQL DSN.
func withDatabase(dsn, name string) (string, error) {
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("not a MySQL URL: %s", gorm.DSN(dsn))
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("not a MySQL DSN (%v): %s", err, gorm.DSN(dsn))
	}
	cfg.DBName = name
	return cfg.FormatDSN(), nil
}
