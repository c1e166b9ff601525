package gorm_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// Concurrent requests, each writing in its own transaction, all succeed:
// on the default SQLite file (WAL, busy timeout, BEGIN IMMEDIATE), on the
// in-memory database of tests, and on the servers.
func TestConcurrentTransactionalWrites(t *testing.T) {
	file := func(t *testing.T) fx.Option {
		dsn := gorm.SQLiteFile(filepath.Join(t.TempDir(), "app.db"))
		return egg.Configure(func(c *gorm.Config) { c.DB.DSN = dsn })
	}
	cases := append([]backend{{"sqlite file", file}}, backends...)
	for _, b := range cases {
		t.Run(b.name, func(t *testing.T) {
			reg, srv := serve(t, gorm.Module, b.db(t), blog)
			const n = 24
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					body := fmt.Sprintf(`{"name":"writer%d","titles":["a","b"]}`, i)
					if status, body := call(t, srv, "POST", "/users", body); status != http.StatusCreated {
						t.Errorf("writer %d: %d %s", i, status, body)
					}
				})
			}
			wg.Wait()
			if got := count(t, reg, &Post{}); got != 2*n {
				t.Fatalf("%d posts, want %d", got, 2*n)
			}
		})
	}
}
