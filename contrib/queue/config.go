package queue

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// Drivers for Config.Driver.
const (
	// DriverSQLite keeps jobs in a SQLite file (modernc's SQLite through
	// github.com/glebarez/go-sqlite, as contrib/gorm, no cgo): one
	// process, no server to run. The default.
	DriverSQLite = "sqlite"
	// DriverPostgres keeps jobs in PostgreSQL (pgx v5): any number of
	// instances share the queues.
	DriverPostgres = "postgres"
)

// Config is module "queue"'s config, env prefix QUEUE_.
type Config struct {
	// Driver is DriverSQLite or DriverPostgres. Default "sqlite"; a URL
	// starting with postgres:// or postgresql:// implies "postgres".
	// Env QUEUE_DRIVER.
	Driver string `env:"DRIVER"`
	// URL is the database: a PostgreSQL URL (postgres://user@host/db), or
	// a SQLite file name or file: URI. Default "": for SQLite,
	// <base dir>/run/queue.db; PostgreSQL needs one. Masked in the config
	// dump. Env QUEUE_URL.
	URL string `env:"URL" secret:"true"`
	// Schema is the PostgreSQL schema holding River's tables, created by
	// AutoMigrate when missing. Default "": the connection's search_path.
	// Env QUEUE_SCHEMA.
	Schema string `env:"SCHEMA"`
	// Queues maps each queue this instance works to its most concurrent
	// jobs: "default:10,mail:2". Default default:10. Env QUEUE_QUEUES.
	Queues map[string]int `env:"QUEUES"`
	// Work makes this instance work jobs; false makes it insert-only (a
	// web replica, or a test that works jobs inline with queuetest).
	// Default true. Env QUEUE_WORK.
	Work bool `env:"WORK"`
	// AutoMigrate runs River's migrations at boot (WillReady). Default
	// true in the local and unittest envs, false elsewhere: in prod run
	// them as a deploy step. Env QUEUE_AUTO_MIGRATE.
	AutoMigrate bool `env:"AUTO_MIGRATE"`
	// MaxAttempts is how many times a job runs before it is discarded,
	// unless its InsertOpts say otherwise; retries back off as River's
	// DefaultRetryPolicy (attempt⁴ seconds, with jitter). Default 25.
	// Env QUEUE_MAX_ATTEMPTS.
	MaxAttempts int `env:"MAX_ATTEMPTS"`
	// JobTimeout bounds one run of a job unless its worker says
	// otherwise; -1 means no bound. Default 1m. Env QUEUE_JOB_TIMEOUT.
	JobTimeout time.Duration `env:"JOB_TIMEOUT"`
	// RescueStuckJobsAfter is how long a job may stay running before it
	// counts as stuck (its instance died) and is retried elsewhere. Keep
	// it above JobTimeout. Default 1h. Env QUEUE_RESCUE_STUCK_JOBS_AFTER.
	RescueStuckJobsAfter time.Duration `env:"RESCUE_STUCK_JOBS_AFTER"`
	// FetchPollInterval is how often an instance looks for jobs when no
	// insert notification arrives (PostgreSQL notifies at once; SQLite
	// only polls). Default 1s. Env QUEUE_FETCH_POLL_INTERVAL.
	FetchPollInterval time.Duration `env:"FETCH_POLL_INTERVAL"`
	// MaxConns bounds the PostgreSQL connection pool. Default 10.
	// Env QUEUE_MAX_CONNS.
	MaxConns int `env:"MAX_CONNS"`
}

// DefaultConfig returns the defaults: SQLite under run/, queue
// "default" with 10 workers, 25 attempts, 1m job timeout, stuck after 1h.
func DefaultConfig() Config {
	return Config{
		Queues:               map[string]int{"default": 10},
		Work:                 true,
		MaxAttempts:          25,
		JobTimeout:           time.Minute,
		RescueStuckJobsAfter: time.Hour,
		FetchPollInterval:    time.Second,
		MaxConns:             10,
	}
}

// driver is Driver, or the one URL implies.
func (c *Config) driver() string {
	if c.Driver != "" {
		return c.Driver
	}
	if strings.HasPrefix(c.URL, "postgres://") || strings.HasPrefix(c.URL, "postgresql://") {
		return DriverPostgres
	}
	return DriverSQLite
}

// Validate checks every field, naming the fix.
func (c *Config) Validate() error {
	switch c.driver() {
	case DriverSQLite:
		if c.Schema != "" {
			return egg.InvalidConfig("Schema", "is for PostgreSQL only; unset it, or set Driver (QUEUE_DRIVER) to postgres")
		}
	case DriverPostgres:
		if c.URL == "" {
			return egg.InvalidConfig("URL", "is empty; set QUEUE_URL to postgres://user:password@host:5432/db")
		}
	default:
		return egg.InvalidConfig("Driver", fmt.Sprintf("is %q; use %q or %q", c.Driver, DriverSQLite, DriverPostgres))
	}
	if c.Work && len(c.Queues) == 0 {
		return egg.InvalidConfig("Queues", "is empty while Work is true; set QUEUE_QUEUES=default:10, or QUEUE_WORK=false for an insert-only instance")
	}
	for _, name := range slices.Sorted(maps.Keys(c.Queues)) {
		if n := c.Queues[name]; n < 1 || n > 10_000 {
			return egg.InvalidConfig("Queues", fmt.Sprintf("queue %q has %d workers; give it 1 to 10000, e.g. %s:10", name, n, name))
		}
		if name == "" || len(name) > 128 || strings.TrimSpace(name) != name {
			return egg.InvalidConfig("Queues", fmt.Sprintf("queue name %q is empty, too long or padded; write QUEUE_QUEUES=default:10,mail:2", name))
		}
	}
	switch {
	case c.MaxAttempts < 1:
		return egg.InvalidConfig("MaxAttempts", fmt.Sprintf("is %d; use 1 or more (1: no retries)", c.MaxAttempts))
	case c.JobTimeout == 0 || c.JobTimeout < -1:
		return egg.InvalidConfig("JobTimeout", fmt.Sprintf("is %s; use a positive duration such as 1m, or -1ns for no bound", c.JobTimeout))
	case c.RescueStuckJobsAfter <= 0:
		return egg.InvalidConfig("RescueStuckJobsAfter", "must be positive, e.g. 1h, and above JobTimeout")
	case c.JobTimeout > 0 && c.RescueStuckJobsAfter < c.JobTimeout:
		return egg.InvalidConfig("RescueStuckJobsAfter", fmt.Sprintf("is %s, below JobTimeout %s: running jobs would be retried elsewhere while still running; raise it", c.RescueStuckJobsAfter, c.JobTimeout))
	case c.FetchPollInterval < time.Millisecond:
		return egg.InvalidConfig("FetchPollInterval", "must be at least 1ms, e.g. 1s")
	case c.MaxConns < 1:
		return egg.InvalidConfig("MaxConns", fmt.Sprintf("is %d; use 1 or more", c.MaxConns))
	}
	return nil
}
