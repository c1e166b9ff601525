package gorm_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	orm "gorm.io/gorm"
)

// The server ends every connection of the app's pool while the app runs
// (what a database restart does to it): the very next requests succeed on
// new connections, without restarting the app.
func TestRecoversWhenTheServerDropsItsConnections(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		url := gormtest.PostgresURL(t)
		app := "egg-recover-" + fmt.Sprint(time.Now().UnixNano())
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		reg, srv := serve(t, gorm.Module, gormtest.Postgres(t, url+sep+"application_name="+app), blog)
		admin := adminDB(t, "postgres", url)
		warmUp(t, srv)
		n := dropAll(t, admin,
			"SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
			func() error {
				return admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?", app).Error
			}, app)
		t.Logf("terminated %d sessions", n)
		afterDrop(t, reg, srv)
	})
	t.Run("mysql", func(t *testing.T) {
		url := gormtest.MySQLURL(t)
		reg, srv := serve(t, gorm.Module, gormtest.MySQL(t, url), blog)
		var db string
		if err := reg.DB().Raw("SELECT DATABASE()").Scan(&db).Error; err != nil {
			t.Fatal(err)
		}
		admin := adminDB(t, "mysql", url)
		warmUp(t, srv)
		n := dropAll(t, admin,
			"SELECT count(*) FROM information_schema.processlist WHERE db = ?",
			func() error {
				var ids []int64
				if err := admin.Raw("SELECT id FROM information_schema.processlist WHERE db = ?", db).Scan(&ids).Error; err != nil {
					return err
				}
				for _, id := range ids {
					if err := admin.Exec(fmt.Sprintf("KILL %d", id)).Error; err != nil && !strings.Contains(err.Error(), "Unknown thread") {
						return err
					}
				}
				return nil
			}, db)
		t.Logf("killed %d sessions", n)
		afterDrop(t, reg, srv)
	})
}

// adminDB is a connection of the test's own, outside the app's pool.
func adminDB(t *testing.T, driver, dsn string) *orm.DB {
	t.Helper()
	ds := gorm.DefaultDatasource()
	ds.Driver, ds.DSN, ds.MaxOpenConns, ds.MaxIdleConns = driver, gorm.DSN(dsn), 1, 1
	reg, err := gorm.New(gorm.Config{DB: ds}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reg.Close() })
	return reg.DB()
}

// warmUp fills the pool with several connections, each used just now:
// two rounds of concurrent requests. (pgx pings a connection that was
// idle for over a second, or never reused, before reusing it; the test is
// about the ones it does not ping.)
func warmUp(t *testing.T, srv *httptest.Server) {
	t.Helper()
	for round := range 2 {
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Go(func() {
				body := fmt.Sprintf(`{"name":"warm%d-%d","titles":["t"]}`, round, i)
				if status, body := call(t, srv, "POST", "/users", body); status != http.StatusCreated {
					t.Errorf("warm-up: %d %s", status, body)
				}
			})
		}
		wg.Wait()
	}
}

// dropAll ends the app's sessions and waits until the server has let them
// all go; it returns how many there were.
func dropAll(t *testing.T, admin *orm.DB, count string, kill func() error, key string) int64 {
	t.Helper()
	var before int64
	if err := admin.Raw(count, key).Scan(&before).Error; err != nil {
		t.Fatal(err)
	}
	if before == 0 {
		t.Fatal("the app holds no connection to the server; the test would prove nothing")
	}
	if err := kill(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		var left int64
		if err := admin.Raw(count, key).Scan(&left).Error; err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return before
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d sessions still alive 10s after they were ended", left)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// afterDrop checks that requests succeed at once, reads and writes, in and
// out of transactions, and that the readiness ping passes.
func afterDrop(t *testing.T, reg *gorm.Registry, srv *httptest.Server) {
	t.Helper()
	if status, body := call(t, srv, "GET", "/users/1", ""); status != http.StatusOK {
		t.Fatalf("first request after the drop: %d %s", status, body)
	}
	for i := range 5 {
		if status, body := call(t, srv, "POST", "/users", fmt.Sprintf(`{"name":"after%d","titles":["t"]}`, i)); status != http.StatusCreated {
			t.Fatalf("write %d after the drop: %d %s", i, status, body)
		}
	}
	if err := reg.Ping(t.Context()); err != nil {
		t.Fatalf("Ping after the drop: %v", err)
	}
}
