package queue_test

import (
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuetest"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

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

// databaseURL is DATABASE_URL or the local server (queuetest.PostgresURL).
func databaseURL(t testing.TB) string { return queuetest.PostgresURL(t) }

// pgSchema returns a PostgreSQL URL and a fresh schema name, dropped
// when the test ends (after the apps registered later have stopped).
func pgSchema(t testing.TB) (string, string) {
	u := queuetest.PostgresURL(t)
	return u, queuetest.Schema(t, u, "queue_test")
}
