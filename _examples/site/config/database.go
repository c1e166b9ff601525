package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// DatabaseFile is the SQLite file the site keeps its accounts in when
// neither DATABASE_URL nor GORM_DSN names a database: site.db in egg's run
// directory (AppConfig.RunDir: run/ under the working directory, or
// EGG_RUN_DIR — /tmp/run in deploy/Dockerfile's image). egg writes its
// config dump there, so it is writable wherever the site starts, and
// .gitignore leaves run/ out.
const DatabaseFile = "site.db"

// Database is the site's database: the gorm module (contrib/gorm) with
// its default datasource at DATABASE_URL (see DatabaseDSN) or, without
// one, at DatabaseFile in the run directory; and auto-migration on in
// every env, so that the users table exists wherever the site starts with
// no setup. In env unittest without DATABASE_URL the gorm module keeps its
// private in-memory database per app. GORM_DSN and the other GORM_*
// variables still win over DATABASE_URL.
func Database(databaseURL string) []fx.Option {
	opts := []fx.Option{
		// declared before gorm.Module and not requiring it, so it loads
		// first and its ConfigWillLoad runs before the gorm module's own,
		// which would pick data/site.db
		egg.Module("site.database", egg.Boot(func(app *egg.App) *runDirDatabase { return &runDirDatabase{app: app} })),
		gorm.Module,
		egg.Configure(func(c *gorm.Config) {
			c.AutoMigrate = true // one small table; a real app migrates as a deploy step in prod
		}),
	}
	if strings.TrimSpace(databaseURL) == "" {
		return opts
	}
	dsn, err := DatabaseDSN(databaseURL)
	if err != nil {
		return append(opts, fx.Error(err))
	}
	return append(opts, egg.Configure(func(c *gorm.Config) { c.DB.DSN = dsn }))
}

// runDirDatabase is a boot object that points the default datasource at
// DatabaseFile in egg's run directory, in ConfigWillLoad, when no layer of
// config chose a database (the run directory is only known then: EGG_RUN_DIR
// and egg.BaseDir apply to it).
type runDirDatabase struct{ app *egg.App }

// ConfigWillLoad implements egg.ConfigWillLoader.
func (d *runDirDatabase) ConfigWillLoad(cs *egg.Configs) error {
	cfg, app := egg.ConfigOf[gorm.Config](cs), egg.ConfigOf[egg.AppConfig](cs)
	if cfg == nil || app == nil || cfg.DB.DSN != "" || d.app.Env() == "unittest" {
		return nil
	}
	if drv := strings.ToLower(cfg.DB.Driver); drv != "" && drv != gorm.SQLite && drv != "sqlite3" {
		return nil // GORM_DRIVER=postgres without GORM_DSN: the gorm module says what is missing
	}
	dir := app.RunDir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(d.app.BaseDir(), dir)
	}
	cfg.DB.DSN = gorm.SQLiteFile(filepath.Join(dir, DatabaseFile))
	return nil
}

// DatabaseDSN turns a DATABASE_URL that is set into the gorm module's DSN:
//
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
	case u == "": // the caller's default, not a URL: the error below
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
		"(other driver forms go in GORM_DRIVER and GORM_DSN)", gorm.DSN(u), filepath.Join("run", DatabaseFile))
}
