package queue_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/eggtest"
	"github.com/jackc/pgx/v5"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// databaseURL is DATABASE_URL or the local server; without a server the
// test is skipped, except in CI where that is a failure.
func databaseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at DATABASE_URL is not answering in CI: %v", err)
		}
		t.Skipf("PostgreSQL not available (%v); set DATABASE_URL", err)
	}
	_ = conn.Close(ctx)
	return u
}

// pgSchema returns a PostgreSQL URL and a fresh schema name, dropped
// when the test ends (after the apps registered later have stopped).
func pgSchema(t testing.TB) (string, string) {
	t.Helper()
	u := databaseURL(t)
	schema := fmt.Sprintf("queue_test_%x", rand.Uint64())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return u, schema
}

// pgConfig is the queue config of a test on PostgreSQL: quick polling.
func pgConfig(u, schema string) func(*queue.Config) {
	return func(c *queue.Config) {
		c.Driver, c.URL, c.Schema = queue.DriverPostgres, u, schema
		c.FetchPollInterval = 50 * time.Millisecond
		c.Queues = map[string]int{"default": 4}
	}
}

// waitFor polls cond every 10ms until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// shutdown sets the server's shutdown timeout.
func shutdown(d time.Duration) fx.Option {
	return egg.Configure(func(c *egg.ServerConfig) { c.ShutdownTimeout = d })
}
