package queue_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"go.uber.org/fx"
)

// TestRecoversWhenTheServerDropsItsConnections: while an app works 200
// jobs on PostgreSQL, the server ends every connection the app holds
// (pg_terminate_backend, what a database restart does to its clients),
// twice. The app is not restarted: an insert from an HTTP handler
// succeeds at the first try right after each drop, every job (the 200
// and the inserted ones) completes exactly once, the client is still the
// leader of its schema, and its LISTEN connection is back.
func TestRecoversWhenTheServerDropsItsConnections(t *testing.T) {
	u, schema := pgSchema(t)
	appName := fmt.Sprintf("egg-queue-recover-%x", rand.Uint64())
	const total = 200
	var (
		mu   sync.Mutex
		runs = map[int]int{}
		done atomic.Int64
	)
	work := queue.NewWorker(func(c *egg.Ctx, job *river.Job[countArgs]) error {
		select { // some work, so that jobs are running when the server drops them
		case <-time.After(20 * time.Millisecond):
		case <-c.Done():
			return c.Err() // cut off: not counted, River retries it
		}
		mu.Lock()
		runs[job.Args.N]++
		mu.Unlock()
		done.Add(1)
		return nil
	})
	var cl *queue.Client
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), queue.Module,
		egg.Configure(pgConfig(withParam(u, "application_name", appName), schema)),
		egg.Configure(func(c *queue.Config) { c.JobTimeout, c.RescueStuckJobsAfter = 2*time.Second, 3*time.Second }),
		shutdown(5*time.Second),
		egg.Module("jobs", queue.Register(work),
			egg.Routes(func(r *egg.Router) {
				r.Post("/jobs/:n", func(c *egg.Ctx) error {
					n, err := c.ParamInt("n")
					if err != nil {
						return egg.NewError(http.StatusBadRequest, "bad_n", "n must be a number")
					}
					res, err := queue.Insert(c, countArgs{N: n}, nil)
					if err != nil {
						return err
					}
					return c.JSON(http.StatusCreated, map[string]int64{"id": res.Job.ID})
				})
			})),
		fx.Populate(&cl))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := app.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		srv.Close()
		if err := app.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	admin, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.Close(ctx) })

	params := make([]river.InsertManyParams, total)
	for i := range params {
		params[i] = river.InsertManyParams{Args: countArgs{N: i}}
	}
	if _, err := cl.InsertMany(ctx, params); err != nil {
		t.Fatal(err)
	}
	inserted := total
	for drop, at := range []int64{40, 120} {
		waitFor(t, 30*time.Second, fmt.Sprintf("%d jobs done", at), func() bool { return done.Load() >= at })
		n := terminate(t, admin, appName)
		if d := done.Load(); d >= total {
			t.Fatalf("drop %d: all %d jobs were done before the connections were ended; the test proves nothing", drop+1, d)
		}
		t.Logf("drop %d: ended %d connections with %d jobs done", drop+1, n, done.Load())
		// the very next insert from a handler succeeds: no retry, no restart
		if status, body := post(t, srv, fmt.Sprintf("/jobs/%d", total+drop)); status != http.StatusCreated {
			t.Fatalf("insert from a handler right after drop %d: %d %s", drop+1, status, body)
		}
		inserted++
	}
	waitFor(t, 60*time.Second, fmt.Sprintf("%d jobs done", inserted), func() bool { return done.Load() >= int64(inserted) })
	river_job := pgx.Identifier{schema, "river_job"}.Sanitize()
	waitFor(t, 60*time.Second, "every job completed in river_job", func() bool {
		var completed int
		if err := admin.QueryRow(ctx, "SELECT count(*) FROM "+river_job+" WHERE state = 'completed'").Scan(&completed); err != nil {
			t.Fatal(err)
		}
		return completed == inserted
	})
	mu.Lock()
	for n := range inserted {
		if runs[n] != 1 {
			t.Errorf("job n=%d ran %d times, want exactly once", n, runs[n])
		}
	}
	if len(runs) != inserted {
		t.Errorf("%d distinct jobs ran, want %d", len(runs), inserted)
	}
	mu.Unlock()
	var other int
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM "+river_job+" WHERE state <> 'completed'").Scan(&other); err != nil {
		t.Fatal(err)
	}
	if other != 0 {
		t.Errorf("%d jobs are not completed", other)
	}
	// River's maintenance (leader) and its LISTEN connection came back by
	// themselves
	river_leader := pgx.Identifier{schema, "river_leader"}.Sanitize()
	waitFor(t, 30*time.Second, "the client to lead its schema again", func() bool {
		var leader string
		err := admin.QueryRow(ctx, "SELECT leader_id FROM "+river_leader+" WHERE expires_at > now()").Scan(&leader)
		return err == nil && leader == cl.Postgres().ID()
	})
	waitFor(t, 30*time.Second, "a LISTEN connection of the app", func() bool {
		var n int
		if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'listen%'", appName).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	})
	if err := cl.Ping(ctx); err != nil {
		t.Errorf("readiness ping after the drops: %v", err)
	}
}

// terminate ends every session of application name app on the server and
// waits until they are gone; it returns how many there were.
func terminate(t *testing.T, admin *pgx.Conn, app string) int {
	t.Helper()
	ctx := t.Context()
	rows, err := admin.Query(ctx, "SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE application_name = $1", app)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int32
	for rows.Next() {
		var ok bool
		var pid int32
		if err := rows.Scan(&ok, &pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(pids) == 0 {
		t.Fatal("the app holds no connection to the server; the test would prove nothing")
	}
	waitFor(t, 10*time.Second, "the ended sessions to go", func() bool {
		var left int
		if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)", pids).Scan(&left); err != nil {
			t.Fatal(err)
		}
		return left == 0
	})
	return len(pids)
}

// withParam adds a query parameter to a URL.
func withParam(u, key, value string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + key + "=" + value
}

// post makes a real HTTP POST and returns the status and body.
func post(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
