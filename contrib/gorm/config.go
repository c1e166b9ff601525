package gorm

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// DefaultName is the name of the default datasource, Config.DB.
const DefaultName = "default"

// Config configures the gorm module (egg-sequelize's config.sequelize).
// Set it with egg.Configure(func(c *gorm.Config) {...}) or with the
// environment variables named below; egg validates it at start-up.
type Config struct {
	// DB is the default datasource, named "default": the one gorm.DB(c)
	// and Registry.DB return. Its fields are read from GORM_DRIVER,
	// GORM_DSN, GORM_PASSWORD, GORM_MAX_OPEN_CONNS, ... (see Datasource).
	// Default: a SQLite file data/<app name>.db under the app's base dir,
	// or, in env unittest, a private in-memory SQLite database per app.
	DB Datasource

	// DBs are more datasources by name (egg-sequelize's datasources),
	// reached with gorm.DBOf(c, name) and Registry.Get(name). A field left
	// zero in an entry takes DB's value (pool sizes, lifetimes, connect
	// attempts), except Driver, DSN and Password. The name "default" is
	// DB's. Default none. Not settable from the environment: set them in
	// code, reading secrets from variables of your own.
	DBs map[string]Datasource

	// AutoMigrate creates and alters the tables of the registered models
	// (gorm.Models) at start-up, before the app is ready. Default false;
	// the module turns it on in envs local and unittest (Egg's
	// config.local.js / config.unittest.js). Leave it off in production
	// and run migrations as a deploy step (Registry.Migrate).
	// Env GORM_AUTO_MIGRATE.
	AutoMigrate bool `env:"AUTO_MIGRATE"`

	// SlowThreshold is how long a statement may run before it is logged
	// at warn as a slow query, with its SQL and duration. 0 turns the
	// warning off. Default 200ms. Env GORM_SLOW_THRESHOLD.
	SlowThreshold time.Duration `env:"SLOW_THRESHOLD"`

	// LogValues writes the values bound to a statement into the logged
	// SQL. Off, the SQL is logged with its placeholders ($1, ?), so no
	// personal data or secret reaches the logs. Default false; the module
	// turns it on in envs local and unittest. Env GORM_LOG_VALUES.
	LogValues bool `env:"LOG_VALUES"`
}

// Datasource is one database: its driver, where it is, and the pool of
// connections to it. The environment variables named below are the
// default datasource's (Config.DB).
type Datasource struct {
	// Driver is "sqlite" (pure Go, no cgo: github.com/glebarez/sqlite),
	// "postgres" (pgx) or "mysql" (MySQL and MariaDB). Empty: taken from
	// the DSN's URL scheme (postgres://, postgresql://, mysql://), else
	// sqlite. Env GORM_DRIVER.
	Driver string `env:"DRIVER"`

	// DSN says where the database is: a URL
	// (postgres://user:pass@host:5432/db?sslmode=disable,
	// mysql://user:pass@host:3306/db) or the driver's own form (pgx's
	// "host=... dbname=...", go-sql-driver's
	// "user:pass@tcp(host:3306)/db?parseTime=true", a SQLite file name or
	// "file:" URI). The password in it is masked in the config dump and in
	// errors. Default: see Config.DB. Env GORM_DSN.
	DSN DSN `env:"DSN"`

	// Password replaces the DSN's password, so that the DSN can live in
	// config and the password in a secret. Default none (the DSN's).
	// Env GORM_PASSWORD. Masked in the config dump.
	Password string `env:"PASSWORD" secret:"true"`

	// MaxOpenConns caps open connections (database/sql's
	// SetMaxOpenConns; negative: no cap). Default 10.
	// Env GORM_MAX_OPEN_CONNS.
	MaxOpenConns int `env:"MAX_OPEN_CONNS"`

	// MaxIdleConns is how many idle connections the pool keeps
	// (SetMaxIdleConns; negative: none). Default 5.
	// Env GORM_MAX_IDLE_CONNS.
	MaxIdleConns int `env:"MAX_IDLE_CONNS"`

	// ConnMaxLifetime closes a connection this long after it was opened,
	// so connections move to a restarted or failed-over server
	// (SetConnMaxLifetime; negative: never). Default 30m.
	// Env GORM_CONN_MAX_LIFETIME.
	ConnMaxLifetime time.Duration `env:"CONN_MAX_LIFETIME"`

	// ConnMaxIdleTime closes a connection idle this long
	// (SetConnMaxIdleTime; negative: never). Default 5m.
	// Env GORM_CONN_MAX_IDLE_TIME.
	ConnMaxIdleTime time.Duration `env:"CONN_MAX_IDLE_TIME"`

	// ConnectAttempts is how many times start-up tries to reach the
	// database before it fails naming the datasource and its address
	// (egg-sequelize retries 3 times, 1 s apart). A refused password or an
	// unknown database fails at once. Default 3.
	// Env GORM_CONNECT_ATTEMPTS.
	ConnectAttempts int `env:"CONNECT_ATTEMPTS"`

	// ConnectInterval is the pause between two start-up attempts.
	// Default 1s. Env GORM_CONNECT_INTERVAL.
	ConnectInterval time.Duration `env:"CONNECT_INTERVAL"`

	// ConnectTimeout bounds one connection attempt, at start-up and
	// whenever the pool opens a connection later, unless the DSN sets its
	// own (connect_timeout, timeout). Default 5s.
	// Env GORM_CONNECT_TIMEOUT.
	ConnectTimeout time.Duration `env:"CONNECT_TIMEOUT"`
}

// Driver names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
	MySQL    = "mysql"
)

// DefaultDatasource returns a datasource's defaults: driver and DSN empty
// (resolved at start-up), 10 open and 5 idle connections, 30m lifetime,
// 5m idle time, 3 connect attempts 1s apart, 5s connect timeout.
func DefaultDatasource() Datasource {
	return Datasource{
		MaxOpenConns:    10,
		MaxIdleConns:    5,
		ConnMaxLifetime: 30 * time.Minute,
		ConnMaxIdleTime: 5 * time.Minute,
		ConnectAttempts: 3,
		ConnectInterval: time.Second,
		ConnectTimeout:  5 * time.Second,
	}
}

// DefaultConfig returns the module's defaults: the default datasource
// (SQLite unless configured), no named ones, auto-migration and value
// logging off (the module turns both on in local and unittest), slow
// queries from 200ms.
func DefaultConfig() Config {
	return Config{DB: DefaultDatasource(), SlowThreshold: 200 * time.Millisecond}
}

// driverAliases maps accepted driver names to the canonical ones.
var driverAliases = map[string]string{
	"sqlite": SQLite, "sqlite3": SQLite,
	"postgres": Postgres, "postgresql": Postgres, "pgx": Postgres,
	"mysql": MySQL, "mariadb": MySQL,
}

// resolve fills what start-up decides: the driver from the DSN, named
// datasources' zero fields from DB. It leaves an empty default DSN to the
// module, which knows the app's base dir and env.
func (c *Config) resolve() {
	c.DB.Driver = resolveDriver(c.DB)
	if c.DBs == nil {
		return
	}
	dbs := make(map[string]Datasource, len(c.DBs)) // never the caller's map
	for name, ds := range c.DBs {
		ds.inherit(c.DB)
		ds.Driver = resolveDriver(ds)
		dbs[name] = ds
	}
	c.DBs = dbs
}

// inherit takes from d the fields left zero.
func (ds *Datasource) inherit(d Datasource) {
	if ds.MaxOpenConns == 0 {
		ds.MaxOpenConns = d.MaxOpenConns
	}
	if ds.MaxIdleConns == 0 {
		ds.MaxIdleConns = d.MaxIdleConns
	}
	if ds.ConnMaxLifetime == 0 {
		ds.ConnMaxLifetime = d.ConnMaxLifetime
	}
	if ds.ConnMaxIdleTime == 0 {
		ds.ConnMaxIdleTime = d.ConnMaxIdleTime
	}
	if ds.ConnectAttempts == 0 {
		ds.ConnectAttempts = d.ConnectAttempts
	}
	if ds.ConnectInterval == 0 {
		ds.ConnectInterval = d.ConnectInterval
	}
	if ds.ConnectTimeout == 0 {
		ds.ConnectTimeout = d.ConnectTimeout
	}
}

func resolveDriver(ds Datasource) string {
	if ds.Driver != "" {
		if canon, ok := driverAliases[strings.ToLower(ds.Driver)]; ok {
			return canon
		}
		return ds.Driver // Validate names it
	}
	if d := ds.DSN.scheme(); d != "" {
		return d
	}
	return SQLite
}

// Validate fails start-up on a config that cannot work; egg adds the
// module, the value and the layer that set it. It checks the config as
// start-up resolves it (drivers from DSNs, named datasources' zero fields
// from DB) without changing c.
func (c *Config) Validate() error {
	r := *c
	r.resolve()
	return r.validate()
}

func (c *Config) validate() error {
	if err := c.DB.validate("DB.", "GORM_"); err != nil {
		return err
	}
	names := make([]string, 0, len(c.DBs))
	for name := range c.DBs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == "" || name == DefaultName || strings.ContainsAny(name, " \t\n") {
			return egg.InvalidConfig("DBs", fmt.Sprintf("the datasource name %q is reserved or empty: name it after what it holds, e.g. \"analytics\" (the default datasource is Config.DB)", name))
		}
		ds := c.DBs[name]
		if err := ds.validate("DBs["+name+"].", ""); err != nil {
			var fe *egg.ConfigFieldError
			if errors.As(err, &fe) {
				fe.Reason = fmt.Sprintf("%s (datasource %q)", fe.Reason, name)
			}
			return err
		}
	}
	if c.SlowThreshold < 0 {
		return egg.InvalidConfig("SlowThreshold", "must be 0 (off) or positive, e.g. GORM_SLOW_THRESHOLD=200ms")
	}
	return nil
}

// validate checks one datasource. field prefixes the Go field path; env,
// when set, is the prefix of its environment variables for the hints.
func (ds *Datasource) validate(field, env string) error {
	hint := func(name, example string) string {
		if env == "" {
			return ""
		}
		return ", e.g. " + env + name + "=" + example
	}
	if _, ok := driverAliases[ds.Driver]; !ok {
		return egg.InvalidConfig(field+"Driver", fmt.Sprintf("unknown driver %q: use sqlite, postgres or mysql%s", ds.Driver, hint("DRIVER", "postgres")))
	}
	if ds.DSN == "" && ds.Driver != SQLite {
		return egg.InvalidConfig(field+"DSN", fmt.Sprintf("driver %s needs a DSN saying where the database is%s", ds.Driver, hint("DSN", "postgres://user:password@host:5432/dbname")))
	}
	if ds.DSN != "" {
		if s := ds.DSN.scheme(); s != "" && s != ds.Driver {
			return egg.InvalidConfig(field+"DSN", fmt.Sprintf("the DSN is a %s URL but the driver is %s: drop the driver setting or make them agree", s, ds.Driver))
		}
		if _, err := parseTarget(ds.Driver, *ds); err != nil {
			return egg.InvalidConfig(field+"DSN", err.Error())
		}
	}
	switch {
	case ds.ConnectAttempts < 1:
		return egg.InvalidConfig(field+"ConnectAttempts", "must be at least 1"+hint("CONNECT_ATTEMPTS", "3"))
	case ds.ConnectInterval < 0:
		return egg.InvalidConfig(field+"ConnectInterval", "must not be negative"+hint("CONNECT_INTERVAL", "1s"))
	case ds.ConnectTimeout <= 0:
		return egg.InvalidConfig(field+"ConnectTimeout", "must be positive"+hint("CONNECT_TIMEOUT", "5s"))
	case ds.MaxOpenConns > 0 && ds.MaxIdleConns > ds.MaxOpenConns:
		return egg.InvalidConfig(field+"MaxIdleConns", fmt.Sprintf("%d idle connections cannot be kept with at most %d open: lower it or raise MaxOpenConns%s",
			ds.MaxIdleConns, ds.MaxOpenConns, hint("MAX_IDLE_CONNS", fmt.Sprint(ds.MaxOpenConns))))
	}
	return nil
}
