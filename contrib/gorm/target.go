package gorm

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// target is a parsed datasource: what to open and how to name it in
// messages.
type target struct {
	driver string
	addr   string // host:port, socket or file: where start-up looked
	sqlite string // SQLite: the DSN given to the driver
	file   string // SQLite: the file, whose directory start-up creates; "" in memory
	memory bool   // SQLite: an in-memory database
	pg     *pgx.ConnConfig
	my     *mysql.Config
}

// parseTarget parses a datasource's DSN for its driver, applying
// Password and ConnectTimeout. Errors never repeat the password.
func parseTarget(driver string, ds Datasource) (*target, error) {
	dsn := string(ds.DSN)
	t := &target{driver: driver}
	switch driver {
	case Postgres:
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("not a PostgreSQL DSN (%s); write it as postgres://user:password@host:5432/dbname?sslmode=disable", pgErrorText(err, dsn))
		}
		if ds.Password != "" {
			cfg.Password = ds.Password
		}
		if cfg.ConnectTimeout == 0 {
			cfg.ConnectTimeout = ds.ConnectTimeout
		}
		t.pg = cfg
		t.addr = pgAddr(cfg.Host, cfg.Port)
	case MySQL:
		cfg, err := parseMySQL(dsn)
		if err != nil {
			return nil, err
		}
		if ds.Password != "" {
			cfg.Passwd = ds.Password
		}
		if cfg.Timeout == 0 {
			cfg.Timeout = ds.ConnectTimeout
		}
		t.my = cfg
		t.addr = cfg.Addr
		if cfg.Net != "tcp" {
			t.addr = cfg.Net + " " + cfg.Addr
		}
	case SQLite:
		if looksLikeMySQL(dsn) {
			return nil, errors.New("this looks like a MySQL DSN but the driver is sqlite: set the driver to mysql, e.g. GORM_DRIVER=mysql, or write it as mysql://user:password@host:3306/dbname")
		}
		if strings.HasPrefix(dsn, "host=") || strings.Contains(dsn, " dbname=") {
			return nil, errors.New("this looks like a PostgreSQL DSN but the driver is sqlite: set the driver to postgres, e.g. GORM_DRIVER=postgres, or write it as a postgres:// URL")
		}
		if d, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?"); d == ":memory:" {
			return nil, errors.New(`":memory:" gives each connection of the pool its own empty database: use gorm.SQLiteMemory("name"), e.g. GORM_DSN="file:name?mode=memory&cache=shared"`)
		}
		t.sqlite, t.file, t.memory = sqliteTarget(dsn)
		t.addr = t.file
		if t.memory {
			t.addr = "memory " + t.sqlite
		}
	default:
		return nil, fmt.Errorf("unknown driver %q: use sqlite, postgres or mysql", driver)
	}
	return t, nil
}

// pgErrorText is pgx's parse error without the DSN it may quote, which
// can hold the password.
func pgErrorText(err error, dsn string) string {
	msg := err.Error()
	if dsn != "" {
		msg = strings.ReplaceAll(msg, dsn, maskDSN(dsn))
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "cannot parse") {
		return msg[i+2:]
	}
	return msg
}

func pgAddr(host string, port uint16) string {
	if strings.HasPrefix(host, "/") {
		return "unix socket " + host
	}
	return net.JoinHostPort(host, strconv.Itoa(int(port)))
}

func looksLikeMySQL(dsn string) bool {
	return strings.Contains(dsn, "@tcp(") || strings.Contains(dsn, "@unix(")
}

// parseMySQL reads a mysql:// URL or a go-sql-driver DSN. parseTime is on
// unless the DSN says otherwise: gorm scans DATETIME into time.Time.
func parseMySQL(dsn string) (*mysql.Config, error) {
	raw := dsn
	var pass string
	var hasPass bool
	if i := strings.Index(dsn, "://"); i > 0 {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, fmt.Errorf("not a MySQL URL (%s); write it as mysql://user:password@host:3306/dbname", strings.ReplaceAll(err.Error(), dsn, maskDSN(dsn)))
		}
		host := u.Host
		if u.Port() == "" {
			host = net.JoinHostPort(u.Hostname(), "3306")
		}
		var user string
		if u.User != nil {
			user = u.User.Username()
			pass, hasPass = u.User.Password()
		}
		raw = user + "@tcp(" + host + ")/" + strings.TrimPrefix(u.Path, "/")
		if u.RawQuery != "" {
			raw += "?" + u.RawQuery
		}
	}
	cfg, err := mysql.ParseDSN(raw)
	if err != nil {
		return nil, fmt.Errorf("not a MySQL DSN (%v); write it as user:password@tcp(host:3306)/dbname?parseTime=true or mysql://user:password@host:3306/dbname", err)
	}
	if hasPass {
		cfg.Passwd = pass
	}
	if !strings.Contains(raw, "parseTime=") {
		cfg.ParseTime = true
	}
	return cfg, nil
}

// sqliteTarget returns the DSN to open, the database file (for its
// directory) and whether it lives in memory. A "sqlite://" URL becomes a
// "file:" URI.
func sqliteTarget(dsn string) (open, file string, memory bool) {
	for _, p := range []string{"sqlite://", "sqlite3://"} {
		if rest, ok := strings.CutPrefix(dsn, p); ok {
			dsn = "file:" + rest
		}
	}
	open = dsn
	name, query, _ := strings.Cut(dsn, "?")
	name = strings.TrimPrefix(name, "file:")
	if q, err := url.ParseQuery(query); err == nil && q.Get("mode") == "memory" {
		return open, "", true
	}
	if strings.HasPrefix(dsn, "file:") {
		if un, err := url.PathUnescape(name); err == nil {
			name = un
		}
	}
	return open, filepath.Clean(name), false
}
