package gorm

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/health"
	"go.uber.org/fx"
)

// Name is the module's name: the prefix of its environment variables
// (GORM_), its name in egg.Disable, egg.Requires and every error.
const Name = "gorm"

// Module is the gorm module (egg-sequelize): its Config, the *Registry of
// datasources as a boot object (connects in DidLoad, closes in
// BeforeClose), and the request-scoped *Session behind gorm.DB(c).
// Auto-migration and SQL values in the log are on in envs local and
// unittest (Egg's plugin config.local.js / config.unittest.js).
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.ConfigureEnv("local", devDefaults),
	egg.ConfigureEnv("unittest", devDefaults),
	egg.Boot(func(app *egg.App) *resolver { return &resolver{app: app} }),
	fx.Provide(newRegistry),
	egg.Boot(func(r *Registry) *Registry { return r }),
	egg.Scoped[*Session](newSession),
	// A readiness check per datasource for modules/health (/readyz).
	fx.Provide(fx.Annotate(healthChecks, fx.ResultTags(`group:"health.checks,flatten"`))),
)

// healthChecks are the datasources' pings in modules/health's shape.
func healthChecks(r *Registry) []health.Check {
	var out []health.Check
	for _, c := range r.ReadinessChecks() {
		out = append(out, health.Check{Name: c.Name, Func: c.Check})
	}
	return out
}

func devDefaults(c *Config) {
	c.AutoMigrate = true
	c.LogValues = true
}

type registryParams struct {
	fx.In
	App    *egg.App
	Config Config
	Models []ModelSet `group:"gorm.models"`

	Plugins pluginParams // gorm.Plugin (plugin.go)
}

func newRegistry(p registryParams) (*Registry, error) {
	r, err := New(p.Config, p.App.LoggerFor(Name), p.Models...)
	if err != nil {
		return nil, err
	}
	r.plugins = p.Plugins.funcs()
	return r, nil
}

// resolver settles the config in ConfigWillLoad, after every other
// layer, so that the config dump shows what start-up uses: drivers taken
// from DSNs, named datasources' zero fields from DB, and the default
// datasource's DSN when none is set: the SQLite file data/<app name>.db
// under the base dir (a new app works with no database server), or, in
// env unittest, a private in-memory database per app, so tests never
// share or leave a file.
type resolver struct{ app *egg.App }

// ConfigWillLoad implements egg.ConfigWillLoader.
func (r *resolver) ConfigWillLoad(cs *egg.Configs) error {
	cfg := egg.ConfigOf[Config](cs)
	if cfg == nil {
		return nil
	}
	if cfg.DB.DSN == "" && resolveDriver(cfg.DB) == SQLite {
		name := r.app.Name()
		if name == "" {
			name = "app"
		}
		if r.app.Env() == "unittest" {
			cfg.DB.DSN = SQLiteMemory(name + "-" + randomSuffix())
		} else {
			cfg.DB.DSN = SQLiteFile(filepath.Join(r.app.BaseDir(), "data", name+".db"))
		}
	}
	cfg.resolve()
	return nil
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
