package gorm_test

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"go.uber.org/fx"
)

// Instances started together on a fresh database all migrate it: the
// racing CREATE TABLEs of auto-migration are retried, not fatal (the
// loser of the race sees "already exists" and migrates again, finding
// the tables there).
func TestInstancesStartingTogetherMigrateOneDatabase(t *testing.T) {
	const instances, rounds = 4, 3
	for _, b := range []struct {
		name string
		db   func(t *testing.T) fx.Option
	}{
		{"postgres", func(t *testing.T) fx.Option { return gormtest.Postgres(t, gormtest.PostgresURL(t)) }},
		{"mysql", func(t *testing.T) fx.Option { return gormtest.MySQL(t, gormtest.MySQLURL(t)) }},
	} {
		for round := range rounds {
			t.Run(fmt.Sprintf("%s/%d", b.name, round), func(t *testing.T) {
				db := b.db(t) // one fresh schema (database), shared by the instances
				apps := make([]*egg.App, instances)
				errs := make([]error, instances)
				var wg sync.WaitGroup
				for i := range apps {
					app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module, db, blog)
					if err != nil {
						t.Fatalf("egg.New: %v", err)
					}
					apps[i] = app
					wg.Go(func() { errs[i] = app.Start(context.Background()) })
				}
				wg.Wait()
				for i, app := range apps {
					if errs[i] != nil {
						t.Errorf("instance %d did not start: %v", i, errs[i])
						continue
					}
					t.Cleanup(func() { _ = app.Stop(context.Background()) })
				}
			})
		}
	}
}
