package queue_test

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuetest"
	"github.com/egg-go/egg/eggtest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
)

type noteArgs struct {
	Text string `json:"text"`
}

func (noteArgs) Kind() string { return "note" }

// greeter is a request-scoped service a job uses.
type greeter struct{ id string }

func TestWorkerGetsEggCtx(t *testing.T) {
	u, schema := pgSchema(t)
	got := make(chan [3]string, 1)
	var cl *queue.Client
	app := eggtest.New(t, queue.Module, egg.Configure(pgConfig(u, schema)),
		egg.Module("jobs",
			egg.Scoped[*greeter](func(c *egg.Ctx) *greeter { return &greeter{id: c.RequestID()} }),
			queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
				c.Logger().Info("note worked", "text", job.Args.Text)
				got <- [3]string{c.RequestID(), egg.Use[*greeter](c).id, strconv.FormatInt(queue.JobID(c), 10)}
				return nil
			}))),
		fx.Populate(&cl))
	res, err := queue.Insert(app.Ctx(), noteArgs{Text: "hi"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case g := <-got:
		want := "job:note:" + strconv.FormatInt(res.Job.ID, 10)
		if g[0] != want || g[1] != want || g[2] != strconv.FormatInt(res.Job.ID, 10) {
			t.Errorf("request id, scoped service, JobID = %q, want %q, %q, %d", g, want, want, res.Job.ID)
		}
		app.ExpectLog(want)
		app.ExpectLog("note worked")
	case <-time.After(10 * time.Second):
		t.Fatal("job did not run")
	}
}

type flakyArgs struct{}

func (flakyArgs) Kind() string { return "flaky" }

// flaky fails its first attempt, retrying 50ms later.
type flaky struct {
	river.WorkerDefaults[flakyArgs]
	attempts atomic.Int64
	done     chan int
}

func (f *flaky) NextRetry(*river.Job[flakyArgs]) time.Time {
	return time.Now().Add(50 * time.Millisecond)
}

func (f *flaky) Work(ctx context.Context, job *river.Job[flakyArgs]) error {
	if queue.Ctx(ctx) == nil {
		return errors.New("no egg Ctx in a FromRiver worker's context")
	}
	if f.attempts.Add(1) == 1 {
		return errors.New("first attempt fails")
	}
	f.done <- job.Attempt
	return nil
}

func TestRetryThenSuccess(t *testing.T) {
	u, schema := pgSchema(t)
	f := &flaky{done: make(chan int, 1)}
	var cl *queue.Client
	app := eggtest.New(t, queue.Module, egg.Configure(pgConfig(u, schema)),
		egg.Module("jobs", queue.Register(queue.FromRiver(f))), fx.Populate(&cl))
	if _, err := cl.Insert(t.Context(), flakyArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case attempt := <-f.done:
		if attempt != 2 {
			t.Errorf("succeeded on attempt %d, want 2", attempt)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("job was not retried (attempts: %d)", f.attempts.Load())
	}
	app.ExpectLog("first attempt fails")
}

func TestUniqueJobRunsOnce(t *testing.T) {
	u, schema := pgSchema(t)
	var runs atomic.Int64
	var cl *queue.Client
	eggtest.New(t, queue.Module, egg.Configure(pgConfig(u, schema)),
		egg.Configure(func(c *queue.Config) { c.Work = false }),
		egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
			runs.Add(1)
			return nil
		}))), fx.Populate(&cl))
	opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	first, err := cl.Insert(t.Context(), noteArgs{Text: "once"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	second, err := cl.Insert(t.Context(), noteArgs{Text: "once"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.UniqueSkippedAsDuplicate || !second.UniqueSkippedAsDuplicate || second.Job.ID != first.Job.ID {
		t.Errorf("second insert: skipped=%v id=%d, want skipped with id %d", second.UniqueSkippedAsDuplicate, second.Job.ID, first.Job.ID)
	}
	if n := queuetest.WorkAll(t, cl); n != 1 || runs.Load() != 1 {
		t.Errorf("WorkAll ran %d jobs, worker ran %d times; want 1 and 1", n, runs.Load())
	}
}

func TestScheduledJobRunsAfterItsTime(t *testing.T) {
	u, schema := pgSchema(t)
	ran := make(chan time.Time, 1)
	var cl *queue.Client
	eggtest.New(t, queue.Module, egg.Configure(pgConfig(u, schema)),
		egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
			ran <- time.Now()
			return nil
		}))), fx.Populate(&cl))
	at := time.Now().Add(1500 * time.Millisecond)
	res, err := cl.Insert(t.Context(), noteArgs{Text: "later"}, &river.InsertOpts{ScheduledAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if res.Job.State != rivertype.JobStateScheduled {
		t.Errorf("state %s, want scheduled", res.Job.State)
	}
	select {
	case when := <-ran:
		if when.Before(at) {
			t.Errorf("ran at %s, before its time %s", when.Format(time.StampMilli), at.Format(time.StampMilli))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("scheduled job never ran")
	}
}

// TestGracefulStop: a running job finishes within the shutdown timeout;
// one that outlasts it sees its context cancelled.
func TestGracefulStop(t *testing.T) {
	for _, tc := range []struct {
		name      string
		timeout   time.Duration
		work      time.Duration
		wantClean bool
	}{
		{"job finishes", 5 * time.Second, 400 * time.Millisecond, true},
		{"job cut off", 200 * time.Millisecond, 30 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, schema := pgSchema(t)
			started, result := make(chan struct{}, 1), make(chan error, 1)
			var cl *queue.Client
			app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), queue.Module,
				egg.Configure(pgConfig(u, schema)), shutdown(tc.timeout),
				egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
					started <- struct{}{}
					select {
					case <-time.After(tc.work):
						result <- nil
						return nil
					case <-c.Done():
						result <- c.Err()
						return c.Err()
					}
				}))), fx.Populate(&cl))
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			if _, err := cl.Insert(t.Context(), noteArgs{Text: "slow"}, nil); err != nil {
				t.Fatal(err)
			}
			select {
			case <-started:
			case <-time.After(10 * time.Second):
				t.Fatal("job did not start")
			}
			if err := app.Stop(context.Background()); err != nil && tc.wantClean {
				t.Fatalf("stop: %v", err)
			}
			select {
			case err := <-result:
				if tc.wantClean && err != nil {
					t.Errorf("job ended with %v, want it to finish during the graceful stop", err)
				}
				if !tc.wantClean && err == nil {
					t.Errorf("job finished, want its context cancelled after the shutdown timeout")
				}
			default:
				t.Fatal("Stop returned while the job was still running")
			}
		})
	}
}

func TestSQLiteDefault(t *testing.T) {
	ran := make(chan string, 1)
	var cl *queue.Client
	eggtest.New(t, queue.Module,
		egg.Configure(func(c *queue.Config) {
			c.URL = filepath.Join(t.TempDir(), "q.db")
			c.FetchPollInterval = 50 * time.Millisecond
		}),
		egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
			ran <- job.Args.Text
			return nil
		}))), fx.Populate(&cl))
	if cl.Driver() != queue.DriverSQLite || cl.DB() == nil {
		t.Fatalf("driver %q, want sqlite", cl.Driver())
	}
	if _, err := cl.Insert(t.Context(), noteArgs{Text: "lite"}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-ran:
		if got != "lite" {
			t.Errorf("args %q", got)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("SQLite job did not run")
	}
}

func TestQueuetestEnqueuedAndInline(t *testing.T) {
	var texts []string
	var cl *queue.Client
	app := eggtest.New(t, queue.Module,
		egg.Configure(func(c *queue.Config) { c.URL, c.Work = filepath.Join(t.TempDir(), "q.db"), false }),
		egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
			texts = append(texts, job.Args.Text)
			if job.Args.Text == "a" {
				_, err := queue.Insert(c, noteArgs{Text: "from a"}, nil)
				return err
			}
			return nil
		}))), fx.Populate(&cl))
	for _, s := range []string{"a", "b"} {
		if _, err := queue.Insert(app.Ctx(), noteArgs{Text: s}, nil); err != nil {
			t.Fatal(err)
		}
	}
	jobs := queuetest.RequireEnqueued[noteArgs](t, cl, 2)
	if jobs[0].Args.Text != "a" || jobs[1].Args.Text != "b" {
		t.Errorf("enqueued %q, %q", jobs[0].Args.Text, jobs[1].Args.Text)
	}
	if n := queuetest.WorkAll(t, cl); n != 3 {
		t.Errorf("WorkAll ran %d jobs, want 3", n)
	}
	if strings.Join(texts, ",") != "a,b,from a" {
		t.Errorf("worked %v", texts)
	}
	queuetest.RequireEnqueued[noteArgs](t, cl, 0)
}

// TestStartFailsWhenDatabaseDown: start-up fails in WillReady with one
// error naming the module, the database and its address and the fix,
// never the password, when the queue's database cannot be reached.
func TestStartFailsWhenDatabaseDown(t *testing.T) {
	for _, tc := range []struct {
		name, driver, url string
		want              []string
	}{
		{"postgres on a closed port", queue.DriverPostgres, "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=1",
			[]string{`module "queue" WillReady failed`, "queue: connect to PostgreSQL at postgres://nobody:xxxxx@127.0.0.1:1/none",
				"database=none", "127.0.0.1:1", "connection refused", "start the server or fix Config.URL (QUEUE_URL)"}},
		{"sqlite in a missing directory", queue.DriverSQLite, "/proc/no-such-dir/queue.db",
			[]string{`module "queue" WillReady failed`, "queue: open SQLite /proc/no-such-dir/queue.db",
				"set Config.URL (QUEUE_URL) to a writable file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, queue.Module, egg.Configure(func(c *queue.Config) { c.Driver, c.URL = tc.driver, tc.url }))
			if err == nil {
				t.Fatal("start succeeded, want a connect error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("start error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("start error %q shows the password", err)
			}
		})
	}
}
