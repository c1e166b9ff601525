package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/glebarez/go-sqlite" // database/sql driver "sqlite", no cgo: the one contrib/gorm uses, so both fit in one binary
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// cancelGrace is how long Stop still waits for jobs after cancelling
// their context.
const cancelGrace = 5 * time.Second

// Client is the app's job queue: a River client on PostgreSQL or SQLite.
// Module provides it; inject *queue.Client to insert jobs outside a
// request, or call queue.Insert(c, ...) in a handler.
type Client struct {
	cfg     Config
	log     *slog.Logger
	run     *runner
	workers map[string]Worker
	stopFor time.Duration

	pool  *pgxpool.Pool
	pg    *river.Client[pgx.Tx]
	pgSQL *river.Client[*sql.Tx] // insert-only, for PostgreSQL *sql.Tx (InsertSQLTx)
	db    *sql.DB
	lite  *river.Client[*sql.Tx]

	mu      sync.Mutex
	started bool
}

// Insert enqueues a job (River's Client.Insert): opts may set Queue,
// Priority, MaxAttempts, ScheduledAt (run later), UniqueOpts (skip
// duplicates; the result's UniqueSkippedAsDuplicate says so) and Tags.
func (cl *Client) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	if cl.pg != nil {
		return cl.pg.Insert(ctx, args, opts)
	}
	return cl.lite.Insert(ctx, args, opts)
}

// InsertMany enqueues several jobs in one round trip.
func (cl *Client) InsertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	if cl.pg != nil {
		return cl.pg.InsertMany(ctx, params)
	}
	return cl.lite.InsertMany(ctx, params)
}

// InsertTx enqueues a job inside a PostgreSQL transaction: the job exists
// only if tx commits (the transactional outbox). tx may come from
// Pool() or from any pgx pool on the same database.
func (cl *Client) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	if cl.pg == nil {
		return nil, errors.New("queue: InsertTx needs the postgres driver; with SQLite use InsertSQLTx with a *sql.Tx from DB()")
	}
	return cl.pg.InsertTx(ctx, tx, args, opts)
}

// InsertSQLTx enqueues a job inside a database/sql transaction: the job
// exists only if tx commits. With SQLite, tx is on the queue's database
// file (begun on DB(), or on another pool opening the same file). With
// PostgreSQL, tx comes from any database/sql pool on the queue's database
// (pgx's stdlib or lib/pq, as GORM and Bun use); River's tables are found
// in Config.Schema, or on tx's search_path when Schema is empty.
// contrib/queue/queuegorm uses it to enqueue in the request's GORM
// transaction.
func (cl *Client) InsertSQLTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	switch {
	case cl.lite != nil:
		return cl.lite.InsertTx(ctx, tx, args, opts)
	case cl.pgSQL != nil:
		return cl.pgSQL.InsertTx(ctx, tx, args, opts)
	}
	return nil, errors.New("queue: InsertSQLTx before the queue connected (WillReady); insert from handlers or after the app started")
}

// Postgres returns the River client with the postgres driver (nil with
// SQLite), for River's full API: JobList, JobCancel, QueuePause, ...
func (cl *Client) Postgres() *river.Client[pgx.Tx] { return cl.pg }

// SQLite returns the River client with the sqlite driver (nil with
// PostgreSQL).
func (cl *Client) SQLite() *river.Client[*sql.Tx] { return cl.lite }

// Pool returns the PostgreSQL pool (nil with SQLite).
func (cl *Client) Pool() *pgxpool.Pool { return cl.pool }

// DB returns the SQLite database (nil with PostgreSQL).
func (cl *Client) DB() *sql.DB { return cl.db }

// Driver is the driver in use: DriverPostgres or DriverSQLite.
func (cl *Client) Driver() string { return cl.cfg.driver() }

// Ping checks that the queue's database answers; the readiness check.
func (cl *Client) Ping(ctx context.Context) error {
	if cl.pool != nil {
		return cl.pool.Ping(ctx)
	}
	return cl.db.PingContext(ctx)
}

// JobList lists jobs (River's Client.JobList), e.g. for an admin page or
// a test.
func (cl *Client) JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error) {
	if cl.pg != nil {
		return cl.pg.JobList(ctx, params)
	}
	return cl.lite.JobList(ctx, params)
}

// JobDelete deletes a job that is not running.
func (cl *Client) JobDelete(ctx context.Context, id int64) (*rivertype.JobRow, error) {
	if cl.pg != nil {
		return cl.pg.JobDelete(ctx, id)
	}
	return cl.lite.JobDelete(ctx, id)
}

// open connects to the database and builds the River client.
func (cl *Client) open(ctx context.Context, baseDir string) error {
	rc := &river.Config{
		Logger:               cl.log,
		MaxAttempts:          cl.cfg.MaxAttempts,
		JobTimeout:           cl.cfg.JobTimeout,
		RescueStuckJobsAfter: cl.cfg.RescueStuckJobsAfter,
		FetchPollInterval:    cl.cfg.FetchPollInterval,
		Schema:               cl.cfg.Schema,
		Workers:              river.NewWorkers(),
		Middleware:           cl.run.middleware,
	}
	if cl.cfg.FetchPollInterval < river.FetchCooldownDefault {
		rc.FetchCooldown = cl.cfg.FetchPollInterval
	}
	for _, w := range cl.workers {
		if err := w.add(rc.Workers, cl.run); err != nil {
			return fmt.Errorf("queue: worker for kind %q: %w", w.kind, err)
		}
	}
	if cl.cfg.Work {
		rc.Queues = make(map[string]river.QueueConfig, len(cl.cfg.Queues))
		for name, n := range cl.cfg.Queues {
			rc.Queues[name] = river.QueueConfig{MaxWorkers: n}
		}
	}
	switch cl.cfg.driver() {
	case DriverPostgres:
		pc, err := pgxpool.ParseConfig(cl.cfg.URL)
		if err != nil {
			return fmt.Errorf("queue: Config.URL (QUEUE_URL) is not a PostgreSQL URL: %w; write postgres://user:password@host:5432/db", err)
		}
		pc.MaxConns = int32(min(cl.cfg.MaxConns, 1<<20))
		if pc.ShouldPing == nil {
			pc.ShouldPing = shouldPing
		}
		pool, err := pgxpool.NewWithConfig(ctx, pc)
		if err != nil {
			return fmt.Errorf("queue: connect to PostgreSQL at %s: %w", redact(cl.cfg.URL), err)
		}
		if err := pool.Ping(ctx); err != nil {
			pool.Close()
			return fmt.Errorf("queue: connect to PostgreSQL at %s: %w; start the server or fix Config.URL (QUEUE_URL)", redact(cl.cfg.URL), err)
		}
		cl.pool = pool
		cl.pg, err = river.NewClient(riverpgxv5.New(pool), rc)
		if err != nil {
			pool.Close()
			return fmt.Errorf("queue: %w", err)
		}
		// inserts over a database/sql transaction (an ORM's) go through
		// River's database/sql driver: an insert-only client, no pool of
		// its own, same defaults and workers (unknown kinds are refused)
		ins := *rc
		ins.Queues = nil
		cl.pgSQL, err = river.NewClient(riverdatabasesql.New(nil), &ins)
		if err != nil {
			pool.Close()
			return fmt.Errorf("queue: %w", err)
		}
	default:
		dsn := cl.cfg.URL
		if dsn == "" {
			dir := filepath.Join(baseDir, "run")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("queue: create %s for the SQLite queue: %w; set Config.URL (QUEUE_URL) to a writable file", dir, err)
			}
			dsn = filepath.Join(dir, "queue.db")
		}
		db, err := sql.Open("sqlite", sqliteDSN(dsn))
		if err != nil {
			return fmt.Errorf("queue: open SQLite %s: %w", dsn, err)
		}
		// River's SQLite driver expects a single writer connection.
		db.SetMaxOpenConns(1)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return fmt.Errorf("queue: open SQLite %s: %w; set Config.URL (QUEUE_URL) to a writable file", dsn, err)
		}
		cl.db = db
		rc.PollOnly = true
		cl.lite, err = river.NewClient(riversqlite.New(db), rc)
		if err != nil {
			db.Close()
			return fmt.Errorf("queue: %w", err)
		}
	}
	return nil
}

// sqliteDSN adds WAL and a busy timeout to a file name or file: URI.
func sqliteDSN(dsn string) string {
	if strings.Contains(dsn, "_pragma=") {
		return dsn
	}
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate"
}

// redact drops the password from a URL for messages.
func redact(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if at := strings.LastIndex(u, "@"); at > i {
			cred := u[i+3 : at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return u[:i+3] + cred[:c] + ":xxxxx" + u[at:]
			}
		}
	}
	return u
}

// migrate runs River's migrations up to the newest.
func (cl *Client) migrate(ctx context.Context) error {
	var res *rivermigrate.MigrateResult
	var err error
	if cl.pool != nil {
		if cl.cfg.Schema != "" {
			if _, err := cl.pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{cl.cfg.Schema}.Sanitize()); err != nil {
				return fmt.Errorf("queue: create schema %q: %w", cl.cfg.Schema, err)
			}
		}
		m, merr := rivermigrate.New(riverpgxv5.New(cl.pool), &rivermigrate.Config{Logger: cl.log, Schema: cl.cfg.Schema})
		if merr != nil {
			return fmt.Errorf("queue: migrations: %w", merr)
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	} else {
		m, merr := rivermigrate.New(riversqlite.New(cl.db), &rivermigrate.Config{Logger: cl.log})
		if merr != nil {
			return fmt.Errorf("queue: migrations: %w", merr)
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return fmt.Errorf("queue: run River's migrations: %w", err)
	}
	if len(res.Versions) > 0 {
		cl.log.Info("queue migrations applied", "versions", len(res.Versions))
	}
	return nil
}

// start starts working jobs; it does nothing when Work is false.
func (cl *Client) start(ctx context.Context) error {
	if !cl.cfg.Work {
		return nil
	}
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.started {
		return nil
	}
	var err error
	if cl.pg != nil {
		err = cl.pg.Start(context.WithoutCancel(ctx))
	} else {
		err = cl.lite.Start(context.WithoutCancel(ctx))
	}
	if err != nil {
		return fmt.Errorf("queue: start working jobs: %w", err)
	}
	cl.started = true
	return nil
}

// Stop stops working jobs: no new job is fetched, running jobs get up to
// the server's ShutdownTimeout (or until ctx ends) to finish, then their
// context is cancelled (they are retried later, here or on another
// instance). Then it closes the database. The app's BeforeClose calls it.
func (cl *Client) Stop(ctx context.Context) error {
	cl.mu.Lock()
	started := cl.started
	cl.started = false
	cl.mu.Unlock()
	var err error
	if started {
		soft, cancel := context.WithTimeout(ctx, cl.stopFor)
		err = cl.stopRiver(soft, false)
		cancel()
		if err != nil && errors.Is(err, context.DeadlineExceeded) {
			cl.log.Warn("queue: running jobs did not finish within the shutdown timeout; cancelling them", "timeout", cl.stopFor)
			hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelGrace)
			err = cl.stopRiver(hard, true)
			cancel()
		}
	}
	if cl.pool != nil {
		cl.pool.Close()
	}
	if cl.db != nil {
		err = errors.Join(err, cl.db.Close())
	}
	return err
}

func (cl *Client) stopRiver(ctx context.Context, cancel bool) error {
	switch {
	case cl.pg != nil && cancel:
		return cl.pg.StopAndCancel(ctx)
	case cl.pg != nil:
		return cl.pg.Stop(ctx)
	case cancel:
		return cl.lite.StopAndCancel(ctx)
	default:
		return cl.lite.Stop(ctx)
	}
}
