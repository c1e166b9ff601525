package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// DefaultDatabase is the SQLite file the site keeps its accounts in when
// DATABASE_URL is not set: run/site.db under the working directory (the
// app's base dir and run directory, which egg needs writable anyway, and
// which .gitignore leaves out).
var DefaultDatabase = filepath.Join("run", "site.db")

// Database is the site's database, from DATABASE_URL (see DatabaseDSN):
// the gorm module (contrib/gorm) with its default datasource pointed
// there, and auto-migration on in every env, so that the users table
// exists wherever the site starts with no setup. Env unittest without
// DATABASE_URL keeps the gorm module's private in-memory database per
// app. GORM_DSN and the other GORM_* variables still win over it.
func Database(databaseURL string) []fx.Option {
	dsn, err := DatabaseDSN(databaseURL)
	if err != nil {
		return []fx.Option{gorm.Module, fx.Error(err)}
	}
	opts := []fx.Option{
		gorm.Module,
		egg.Configure(func(c *gorm.Config) {
			c.DB.DSN = dsn
			c.AutoMigrate = true // one small table; a real app migrates as a deploy step in prod
		}),
	}
	if databaseURL == "" {
		opts = append(opts, egg.ConfigureEnv("unittest", func(c *gorm.Config) { c.DB.DSN = "" }))
	}
	return opts
}

// DatabaseDSN turns DATABASE_URL into the gorm module's DSN:
//
//	""                                   SQLite file run/site.db (DefaultDatabase)
//	postgres://user:pass@host:5432/db    PostgreSQL (also postgresql://)
//	mysql://user:pass@host:3306/db       MySQL or MariaDB (also mariadb://)
//	sqlite:///var/lib/site/site.db       a SQLite file (sqlite://site.db is relative)
//	/var/lib/site/site.db, file:site.db  a SQLite file too
//
// A SQLite file gets the settings two processes need to share it
// (gorm.SQLiteFile: WAL, a 5 s busy timeout, foreign keys, BEGIN
// IMMEDIATE), unless a "file:" URI brings its own query. The error names
// DATABASE_URL (with its password masked) and the forms it takes.
func DatabaseDSN(databaseURL string) (gorm.DSN, error) {
	u := strings.TrimSpace(databaseURL)
	scheme, rest, isURL := strings.Cut(u, "://")
	switch {
	case u == "":
		return gorm.SQLiteFile(DefaultDatabase), nil
	case isURL:
		switch strings.ToLower(scheme) {
		case "postgres", "postgresql", "mysql", "mariadb":
			return gorm.DSN(u), nil
		case "sqlite", "sqlite3":
			if rest != "" && !strings.Contains(rest, "?") {
				return gorm.SQLiteFile(rest), nil
			}
		}
	case strings.HasPrefix(u, "file:"):
		if strings.Contains(u, "?") {
			return gorm.DSN(u), nil // the caller's own SQLite parameters
		}
		return gorm.SQLiteFile(strings.TrimPrefix(u, "file:")), nil
	case !strings.ContainsAny(u, "@="): // not user:pass@tcp(...) nor host=... dbname=...: a file name
		return gorm.SQLiteFile(u), nil
	}
	return "", fmt.Errorf("site: DATABASE_URL=%s is not a database URL the site reads: use postgres://user:password@host:5432/dbname, "+
		"mysql://user:password@host:3306/dbname or sqlite:///path/to/site.db, or unset it for the SQLite file %s "+
		"(other driver forms go in GORM_DRIVER and GORM_DSN)", gorm.DSN(u), DefaultDatabase)
}
