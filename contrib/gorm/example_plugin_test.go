package gorm_test

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	orm "gorm.io/gorm"
)

// slowQueries is a GORM plugin of one datasource.
type slowQueries struct{ datasource string }

func (p *slowQueries) Name() string { return "slow-queries" }

func (p *slowQueries) Initialize(db *orm.DB) error {
	return db.Callback().Query().After("gorm:query").Register("slow-queries:after", func(db *orm.DB) {
		// look at db.Statement here: its SQL, its context, its error
	})
}

// Any module adds a plugin to every datasource; a PluginFunc sees which
// one it is for (contrib/otel/otelgorm uses this to name the database in
// its spans).
func ExamplePlugin() {
	_ = egg.Options(gorm.Module, gorm.Plugin(func(src gorm.Source) (orm.Plugin, error) {
		return &slowQueries{datasource: src.Name}, nil
	}))
}
