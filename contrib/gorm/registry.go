package gorm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	orm "gorm.io/gorm"
)

// Registry holds the app's datasources (egg-sequelize's app.model and
// app.sequelize, with Egg's app.redis.get(id) lookup for the named ones).
// Inject *gorm.Registry anywhere; in a request, prefer gorm.DB(c), which
// also joins the request's transaction.
//
// It is a boot object: DidLoad connects every datasource (with retries)
// and migrates the models, BeforeClose closes the pools. Nothing connects
// before DidLoad, so a module that needs the database at start-up requires
// module "gorm" and uses it in its own DidLoad or later.
type Registry struct {
	cfg     Config
	log     *slog.Logger
	sources []*source // [0] is the default
	byName  map[string]*source
	models  []ModelSet
	plugins []PluginFunc // gorm.Plugin and Use (plugin.go)

	mu     sync.Mutex
	opened bool
}

// source is one datasource at run time.
type source struct {
	name   string
	index  int
	cfg    Datasource
	target *target
	hint   string // where its DSN is set, for errors: "GORM_DSN" or `Config.DBs["x"].DSN`
	models []any
	conn   atomic.Pointer[conn] // nil until Open, and after Close
}

// conn is an open datasource: its database/sql pool and gorm's handle.
type conn struct {
	pool *sql.DB
	db   *orm.DB
}

// New returns a registry of cfg's datasources, not connected yet: it is a
// plain constructor, usable without egg (call Open, then Close). An empty
// default DSN is the SQLite file data/app.db under the working directory;
// the module gives the app's own instead. log receives connection events
// and, outside requests, the SQL log.
func New(cfg Config, log *slog.Logger, models ...ModelSet) (*Registry, error) {
	if cfg.DB.DSN == "" && resolveDriver(cfg.DB) == SQLite {
		cfg.DB.DSN = SQLiteFile("data/app.db")
	}
	cfg.resolve()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Registry{cfg: cfg, log: log, byName: map[string]*source{}, models: models}
	add := func(name string, ds Datasource, hint string) error {
		if ds.DSN == "" {
			return fmt.Errorf("gorm: datasource %q (%s) has no DSN: set %s, e.g. postgres://user:password@host:5432/dbname", name, ds.Driver, hint)
		}
		t, err := parseTarget(ds.Driver, ds)
		if err != nil {
			return fmt.Errorf("gorm: datasource %q: %w", name, err)
		}
		s := &source{name: name, index: len(r.sources), cfg: ds, target: t, hint: hint}
		r.sources = append(r.sources, s)
		r.byName[name] = s
		return nil
	}
	if err := add(DefaultName, cfg.DB, "GORM_DSN"); err != nil {
		return nil, err
	}
	for _, name := range sortedNames(cfg.DBs) {
		if err := add(name, cfg.DBs[name], fmt.Sprintf("Config.DBs[%q].DSN", name)); err != nil {
			return nil, err
		}
	}
	for _, set := range models {
		name := set.Datasource
		if name == "" {
			name = DefaultName
		}
		s, ok := r.byName[name]
		if !ok {
			return nil, fmt.Errorf("gorm: models registered at %s name datasource %q, which the config does not declare (datasources: %s); add it to Config.DBs or register the models with gorm.Models",
				set.At, name, strings.Join(r.Names(), ", "))
		}
		s.models = append(s.models, set.Models...)
	}
	return r, nil
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// DidLoad connects every datasource and, with Config.AutoMigrate,
// migrates the registered models (egg-sequelize authenticates in
// beforeStart). A failure stops start-up, naming the datasource and where
// it looked.
func (r *Registry) DidLoad(ctx context.Context) error { return r.Open(ctx) }

// BeforeClose closes every pool, after in-flight requests are done.
func (r *Registry) BeforeClose(context.Context) error { return r.Close() }

// Open connects every datasource, retrying as Datasource.ConnectAttempts
// says, then migrates the models when Config.AutoMigrate is on. On error
// it closes what it opened.
func (r *Registry) Open(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.opened {
		return errors.New("gorm: the registry is already open")
	}
	for _, s := range r.sources {
		if err := r.connect(ctx, s); err != nil {
			r.closeAll()
			return err
		}
	}
	if r.cfg.AutoMigrate {
		for _, s := range r.sources {
			if err := s.migrate(ctx); err != nil {
				r.closeAll()
				return err
			}
		}
	}
	r.opened = true
	return nil
}

// Close closes every pool; the registry cannot be used afterwards.
func (r *Registry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opened = false
	return r.closeAll()
}

func (r *Registry) closeAll() error {
	var errs []error
	for _, s := range r.sources {
		if c := s.conn.Swap(nil); c != nil {
			if err := c.pool.Close(); err != nil {
				errs = append(errs, fmt.Errorf("gorm: closing datasource %q: %w", s.name, err))
			}
		}
	}
	return errors.Join(errs...)
}

// Migrate creates or alters the tables of every registered model, whatever
// Config.AutoMigrate says: run it from a deploy step or a command when
// auto-migration is off (production). The registry must be open.
func (r *Registry) Migrate(ctx context.Context) error {
	for _, s := range r.sources {
		if err := s.migrate(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *source) migrate(ctx context.Context) error {
	if len(s.models) == 0 {
		return nil
	}
	c := s.conn.Load()
	if c == nil {
		return fmt.Errorf("gorm: cannot migrate datasource %q: it is not connected; migrate after the app started (or after Open)", s.name)
	}
	if err := migrateRetrying(ctx, c.db, s.models); err != nil {
		names := make([]string, len(s.models))
		for i, m := range s.models {
			names[i] = fmt.Sprintf("%T", m)
		}
		return fmt.Errorf("gorm: migrating datasource %q (%s) failed: %w; the models were %s", s.name, s.target.addr, err, strings.Join(names, ", "))
	}
	return nil
}

// migrateAttempts is how many times auto-migration runs before its error
// stops the start: instances started together on a fresh database race
// to create the same tables and indexes, and the losers see "already
// exists" (or, on PostgreSQL, a duplicate pg_type row). AutoMigrate is
// idempotent, so the next attempt finds what the winner made.
const migrateAttempts = 5

// migrateRetrying runs AutoMigrate, again after 50, 100, 200 and 400 ms
// while it fails, unless ctx ends first.
func migrateRetrying(ctx context.Context, db *orm.DB, models []any) error {
	pause := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := db.WithContext(ctx).AutoMigrate(models...)
		if err == nil || attempt == migrateAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause *= 2
	}
}

// DB returns the default datasource's *gorm.DB (gorm.io/gorm), for use
// outside requests: bind a context with WithContext. In a request use
// gorm.DB(c). It panics before the app's DidLoad phase, when nothing is
// connected yet: a module that needs it at start-up requires module
// "gorm" and uses it from its own DidLoad on.
func (r *Registry) DB() *orm.DB { return r.sources[0].must() }

// Get returns the named datasource's *gorm.DB; "default" is Config.DB.
// An unknown name is an error listing the known ones.
func (r *Registry) Get(name string) (*orm.DB, error) {
	s, ok := r.byName[name]
	if !ok {
		return nil, r.unknown(name)
	}
	c := s.conn.Load()
	if c == nil {
		return nil, fmt.Errorf("gorm: datasource %q is not connected yet (it connects in DidLoad) or already closed", name)
	}
	return c.db, nil
}

func (r *Registry) unknown(name string) error {
	return fmt.Errorf("gorm: no datasource named %q; the config declares %s", name, strings.Join(r.Names(), ", "))
}

// Names lists the datasources: "default" first, then Config.DBs' names in
// order.
func (r *Registry) Names() []string {
	out := make([]string, len(r.sources))
	for i, s := range r.sources {
		out[i] = s.name
	}
	return out
}

func (s *source) must() *orm.DB {
	c := s.conn.Load()
	if c == nil {
		panic(fmt.Sprintf("gorm: datasource %q is not connected yet: it connects in the DidLoad phase; "+
			"use it from a module that requires module \"gorm\", in its DidLoad or later (or in a request)", s.name))
	}
	return c.db
}

// Ping makes one round trip to every datasource, for a readiness check.
// The error names the datasource and its address.
func (r *Registry) Ping(ctx context.Context) error {
	var errs []error
	for _, s := range r.sources {
		if err := s.ping(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *source) ping(ctx context.Context) error {
	c := s.conn.Load()
	if c == nil {
		return fmt.Errorf("gorm: datasource %q is not connected", s.name)
	}
	if err := c.pool.PingContext(ctx); err != nil {
		return fmt.Errorf("gorm: datasource %q (%s at %s) does not answer: %w", s.name, s.target.driver, s.target.addr, err)
	}
	return nil
}

// Check is one readiness check: a name for the report and a function that
// returns nil when the dependency is ready.
type Check struct {
	Name  string                      // "gorm.<datasource>"
	Check func(context.Context) error // nil when the datasource answers
}

// ReadinessChecks returns a check per datasource, named "gorm.<name>",
// each a Ping of that datasource: register them with the app's readiness
// endpoint, so a balancer stops sending requests while the database is
// unreachable.
func (r *Registry) ReadinessChecks() []Check {
	out := make([]Check, len(r.sources))
	for i, s := range r.sources {
		out[i] = Check{Name: "gorm." + s.name, Check: s.ping}
	}
	return out
}

// Stats returns the pool statistics of the named datasource (open, in
// use, idle connections, waits), or false for an unknown or closed one.
func (r *Registry) Stats(name string) (sql.DBStats, bool) {
	s, ok := r.byName[name]
	if !ok {
		return sql.DBStats{}, false
	}
	c := s.conn.Load()
	if c == nil {
		return sql.DBStats{}, false
	}
	return c.pool.Stats(), true
}
