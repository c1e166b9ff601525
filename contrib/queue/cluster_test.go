package queue_test

import (
	"context"
	"io"
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

type countArgs struct {
	N int `json:"n"`
}

func (countArgs) Kind() string { return "count" }

// tally records which instance worked each job, once per completion.
type tally struct {
	mu   sync.Mutex
	runs map[int][]string
	done atomic.Int64
}

func (tl *tally) worker(instance string, started *atomic.Int64) queue.Worker {
	return queue.NewWorker(func(c *egg.Ctx, job *river.Job[countArgs]) error {
		started.Add(1)
		select { // a little work, so that some jobs are running when A stops
		case <-time.After(5 * time.Millisecond):
		case <-c.Done():
			return c.Err() // cut off: not counted, River retries it
		}
		tl.mu.Lock()
		tl.runs[job.Args.N] = append(tl.runs[job.Args.N], instance)
		tl.mu.Unlock()
		tl.done.Add(1)
		return nil
	})
}

// TestTwoInstancesEachJobOnce: two apps on one PostgreSQL schema work
// 200 jobs; A stops after ~50; B finishes; every job ran exactly once.
func TestTwoInstancesEachJobOnce(t *testing.T) {
	u, schema := pgSchema(t)
	tl := &tally{runs: map[int][]string{}}
	var startedA, startedB atomic.Int64
	newApp := func(name string, started *atomic.Int64, cl **queue.Client) *egg.App {
		app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), queue.Module,
			egg.Configure(pgConfig(u, schema)),
			egg.Configure(func(c *queue.Config) { c.JobTimeout, c.RescueStuckJobsAfter = time.Second, 2*time.Second }),
			shutdown(5*time.Second),
			egg.Module("jobs", queue.Register(tl.worker(name, started))),
			fx.Populate(cl))
		if err != nil {
			t.Fatal(err)
		}
		return app
	}
	var clA, clB *queue.Client
	a, b := newApp("A", &startedA, &clA), newApp("B", &startedB, &clB)
	ctx := context.Background()
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	stoppedA := false
	t.Cleanup(func() {
		if !stoppedA {
			_ = a.Stop(ctx)
		}
	})
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Stop(ctx) })

	params := make([]river.InsertManyParams, 200)
	for i := range params {
		params[i] = river.InsertManyParams{Args: countArgs{N: i}}
	}
	if _, err := clA.InsertMany(ctx, params); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "50 jobs done", func() bool { return tl.done.Load() >= 50 })
	if err := a.Stop(ctx); err != nil {
		t.Fatalf("stop A: %v", err)
	}
	stoppedA = true
	doneAtStop := tl.done.Load()
	waitFor(t, 30*time.Second, "200 jobs done", func() bool { return tl.done.Load() >= 200 })
	time.Sleep(300 * time.Millisecond) // a duplicate run would show up now

	tl.mu.Lock()
	defer tl.mu.Unlock()
	byInstance := map[string]int{}
	for n := range 200 {
		if got := len(tl.runs[n]); got != 1 {
			t.Errorf("job n=%d ran %d times (%v), want exactly once", n, got, tl.runs[n])
			continue
		}
		byInstance[tl.runs[n][0]]++
	}
	if len(tl.runs) != 200 {
		t.Errorf("%d distinct jobs ran, want 200", len(tl.runs))
	}
	if byInstance["A"] == 0 || byInstance["B"] == 0 || byInstance["B"] < 200-int(doneAtStop) {
		t.Errorf("work split A=%d B=%d (done when A stopped: %d): both instances should have worked, B the rest", byInstance["A"], byInstance["B"], doneAtStop)
	}
	var completed int
	if err := clB.Pool().QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{schema, "river_job"}.Sanitize()+" WHERE state = 'completed'").Scan(&completed); err != nil {
		t.Fatal(err)
	}
	if completed != 200 {
		t.Errorf("%d jobs completed in river_job, want 200", completed)
	}
	t.Logf("A worked %d, B worked %d; A stopped after %d", byInstance["A"], byInstance["B"], doneAtStop)
}
