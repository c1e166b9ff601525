package gorm

import (
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"

	"go.uber.org/fx"
)

// ModelSet is a set of models that a module registers for one datasource
// (egg-sequelize's app/model/*.js). gorm.Models and gorm.ModelsFor make
// one for the app; give them to New yourself when using the Registry
// without egg.
type ModelSet struct {
	// Datasource names the datasource the models live in; "" is the
	// default one.
	Datasource string
	// Models are pointers to the model structs, e.g. &User{}.
	Models []any
	// At is where the set was registered (file:line), for errors.
	At string
}

// modelsGroup is the fx value group ModelSets go into.
const modelsGroup = `group:"gorm.models"`

// Models registers models with the default datasource: their tables are
// created or altered at start-up when Config.AutoMigrate is on, and
// Registry.Migrate migrates them on demand. Each model is a pointer to a
// struct; associations (has many, belongs to, many to many) are fields,
// as gorm declares them, so there is no associate() step to run:
//
//	var Module = egg.Module("blog",
//		egg.Requires(gorm.Name),
//		gorm.Models(&User{}, &Post{}),
//	)
//
// Any number of modules may call it; all models of a datasource migrate
// together, so a module's foreign keys may point at another's tables.
func Models(models ...any) fx.Option {
	return modelsFor(DefaultName, models, caller())
}

// ModelsFor registers models with the named datasource (an entry of
// Config.DBs); see Models. Naming a datasource the config does not
// declare fails start-up.
func ModelsFor(datasource string, models ...any) fx.Option {
	return modelsFor(datasource, models, caller())
}

func modelsFor(datasource string, models []any, at string) fx.Option {
	for i, m := range models {
		t := reflect.TypeOf(m)
		if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			return fx.Error(fmt.Errorf("gorm: model %d given at %s is a %v: pass a pointer to the model struct, e.g. gorm.Models(&User{})", i+1, at, t))
		}
	}
	set := ModelSet{Datasource: datasource, Models: models, At: at}
	return fx.Provide(fx.Annotate(func() ModelSet { return set }, fx.ResultTags(modelsGroup)))
}

// caller is the file:line that called the exported function.
func caller() string {
	_, file, line, ok := runtime.Caller(2)
	if !ok {
		return "unknown place"
	}
	return fmt.Sprintf("%s:%d", filepath.Base(file), line)
}
