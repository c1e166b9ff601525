package queuetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresURL is the PostgreSQL the tests use when DATABASE_URL is
// unset: the local server's database test.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test"

// PostgresURL returns DATABASE_URL, or DefaultPostgresURL, once the
// server answers there. Without a server the test is skipped, except
// with CI=true, where that is a failure: CI must not pass by skipping.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		u = DefaultPostgresURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("queuetest: PostgreSQL at DATABASE_URL is not answering in CI: %v", err)
		}
		t.Skipf("queuetest: PostgreSQL not available (%v); set DATABASE_URL", err)
	}
	_ = conn.Close(ctx)
	return u
}

// Schema names a fresh schema for River's tables in the database at url
// (set it as queue.Config.Schema; the queue's migrations create it) and
// drops it with everything in it when the test ends — after the apps
// the test registered later have stopped, cleanups running last first.
func Schema(t testing.TB, url, prefix string) string {
	t.Helper()
	schema := fmt.Sprintf("%s_%x", prefix, rand.Uint64())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("queuetest: drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("queuetest: drop schema %s: %v", schema, err)
		}
	})
	return schema
}
