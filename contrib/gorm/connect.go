package gorm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/egg-go/egg/internal/connpeek"
	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/glebarez/sqlite"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	mysqldialect "gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	orm "gorm.io/gorm"
)

// ConnectError is a datasource start-up could not reach. Its message names
// the datasource, the driver, the address, the attempts and the fix.
type ConnectError struct {
	Datasource string // "default" or a Config.DBs name
	Driver     string // sqlite, postgres or mysql
	Addr       string // where it looked: host:port, socket or file
	Attempts   int    // how many times it tried
	Err        error  // the driver's error from the last attempt
	hint       string
	interval   time.Duration
}

// Error implements error.
func (e *ConnectError) Error() string {
	tries := "1 attempt"
	if e.Attempts > 1 {
		tries = fmt.Sprintf("%d attempts %s apart", e.Attempts, e.interval)
	}
	return fmt.Sprintf("gorm: cannot connect to datasource %q (%s at %s) after %s: %v; start the database or point %s at it",
		e.Datasource, e.Driver, e.Addr, tries, e.Err, e.hint)
}

// Unwrap returns the driver's error.
func (e *ConnectError) Unwrap() error { return e.Err }

// connect opens s's pool and pings it until it answers, at most
// ConnectAttempts times, ConnectInterval apart; then hands the pool to
// gorm.
func (r *Registry) connect(ctx context.Context, s *source) error {
	t, ds := s.target, s.cfg
	if t.file != "" {
		if err := os.MkdirAll(filepath.Dir(t.file), 0o755); err != nil {
			return fmt.Errorf("gorm: datasource %q: cannot create the directory of SQLite file %s: %w; point %s at a writable place", s.name, t.file, err, s.hint)
		}
	}
	if t.my != nil {
		t.my.Logger = driverLogger{log: r.log, db: s.name}
	}
	pool, err := openPool(t)
	if err != nil {
		return fmt.Errorf("gorm: datasource %q: %w", s.name, err)
	}
	configurePool(pool, ds, t.memory)
	attempts := 0
	for {
		attempts++
		pctx, cancel := context.WithTimeout(ctx, ds.ConnectTimeout)
		err = pool.PingContext(pctx)
		cancel()
		if err == nil {
			break
		}
		if attempts >= ds.ConnectAttempts || permanent(err) || ctx.Err() != nil {
			_ = pool.Close()
			return &ConnectError{Datasource: s.name, Driver: t.driver, Addr: t.addr, Attempts: attempts, Err: err,
				hint: s.hint, interval: ds.ConnectInterval}
		}
		r.log.Warn("cannot connect to the database, retrying", "db", s.name, "driver", t.driver, "addr", t.addr,
			"attempt", attempts, "of", ds.ConnectAttempts, "retry_in", ds.ConnectInterval, "err", err)
		timer := time.NewTimer(ds.ConnectInterval)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
		}
	}
	db, err := orm.Open(dialector(t, pool), &orm.Config{
		Logger:               newSQLLogger(r.log, s.name, r.cfg.SlowThreshold, r.cfg.LogValues),
		DisableAutomaticPing: true,
		TranslateError:       true, // errors.Is(err, gorm.ErrDuplicatedKey), ErrForeignKeyViolated
	})
	if err != nil {
		_ = pool.Close()
		return fmt.Errorf("gorm: datasource %q (%s at %s): %w", s.name, t.driver, t.addr, err)
	}
	if err := r.usePlugins(s, db); err != nil {
		_ = pool.Close()
		return err
	}
	s.conn.Store(&conn{pool: pool, db: db})
	r.log.Info("connected", "db", s.name, "driver", t.driver, "addr", t.addr)
	return nil
}

// driverLogger takes go-sql-driver's messages ("closing bad idle
// connection: EOF" after a server restart) into the module's log, instead
// of the driver's own stderr logger.
type driverLogger struct {
	log *slog.Logger
	db  string
}

func (l driverLogger) Print(v ...any) {
	l.log.Info("mysql driver: "+strings.TrimSpace(fmt.Sprint(v...)), "db", l.db)
}

// openPool opens the database/sql pool for t. No connection is made yet.
func openPool(t *target) (*sql.DB, error) {
	switch t.driver {
	case Postgres:
		return stdlib.OpenDB(*t.pg, stdlib.OptionShouldPing(shouldPing)), nil
	case MySQL:
		c, err := mysql.NewConnector(t.my)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(c), nil
	default:
		return openSQLite(t.sqlite), nil
	}
}

// shouldPing is pgx's rule (ping a connection idle for over a second
// before reusing it) plus a peek at the socket, so a connection the
// server ended (a restart, pg_terminate_backend) is replaced before a
// query is lost on it, however recently it was used.
func shouldPing(_ context.Context, p stdlib.ShouldPingParams) bool {
	return p.IdleDuration > time.Second || connpeek.Spoke(p.Conn.PgConn().Conn())
}

// configurePool applies the pool settings. An in-memory SQLite database
// lives as long as one of its connections: the pool keeps one for ever.
func configurePool(pool *sql.DB, ds Datasource, memory bool) {
	idle, life, idleTime := ds.MaxIdleConns, ds.ConnMaxLifetime, ds.ConnMaxIdleTime
	if memory {
		idle, life, idleTime = max(idle, 1), 0, 0
	}
	pool.SetMaxOpenConns(ds.MaxOpenConns)
	pool.SetMaxIdleConns(idle)
	pool.SetConnMaxLifetime(life)
	pool.SetConnMaxIdleTime(idleTime)
}

func dialector(t *target, pool *sql.DB) orm.Dialector {
	switch t.driver {
	case Postgres:
		return postgres.New(postgres.Config{Conn: pool})
	case MySQL:
		return mysqldialect.New(mysqldialect.Config{Conn: pool, DSNConfig: t.my})
	default:
		return &sqlite.Dialector{Conn: pool}
	}
}

// permanent reports errors that another attempt cannot fix: the server
// answered and refused the user, the password or the database.
func permanent(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "28") || pe.Code == "3D000" // invalid authorization; no such database
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1044, 1045, 1049: // access denied to the database; for the user; unknown database
			return true
		}
	}
	var se *gosqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED: another process holds the file
			return false
		}
		return true
	}
	return false
}
