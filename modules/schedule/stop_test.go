package schedule_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newStartedApp builds and starts an app whose Stop the test calls itself,
// with a 3s shutdown timeout.
func newStartedApp(t *testing.T, opts ...fx.Option) (*egg.App, *recorder, *syncBuffer) {
	t.Helper()
	rec, logs := &recorder{}, &syncBuffer{}
	all := []fx.Option{egg.Env("unittest"), egg.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		egg.Configure(func(c *egg.ServerConfig) { c.ShutdownTimeout = 3 * time.Second }),
		schedule.Module, egg.Module("jobs", opts...), schedule.OnRun(rec.hook)}
	app, err := egg.New(all...)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return app, rec, logs
}

func TestStopWaitsForARunningTask(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var canceled bool
		app, rec, _ := newStartedApp(t, schedule.Register(schedule.Schedule{Name: "job", Interval: time.Second,
			Task: func(c *egg.Ctx) error {
				time.Sleep(2 * time.Second) // ignores c: finishes within the shutdown timeout
				canceled = c.Err() != nil
				return nil
			}}))
		time.Sleep(1500 * time.Millisecond) // the run of tick 1 s is half done
		stopAt := time.Now()
		if err := app.Stop(context.Background()); err != nil {
			t.Fatalf("Stop = %v", err)
		}
		if took := time.Since(stopAt); took != 1500*time.Millisecond {
			t.Errorf("Stop took %v (fake clock), want 1.5s: the rest of the run", took)
		}
		ended := rec.of(schedule.RunEnded, "job")
		if len(ended) != 1 || ended[0].Err != nil || canceled {
			t.Errorf("ended %+v, canceled %v; want one run that finished with its context live", ended, canceled)
		}
		time.Sleep(5 * time.Second)
		if n := rec.count(schedule.RunStarted, "job"); n != 1 {
			t.Errorf("%d runs started; no tick may fire once Stop has begun", n)
		}
	})
}

func TestStopCancelsAfterTheShutdownTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var canceledAt time.Time
		app, rec, logs := newStartedApp(t, schedule.Register(schedule.Schedule{Name: "endless", Interval: time.Second,
			Task: func(c *egg.Ctx) error {
				<-c.Done()
				canceledAt = time.Now()
				return c.Err()
			}}))
		time.Sleep(1500 * time.Millisecond)
		stopAt := time.Now()
		if err := app.Stop(context.Background()); err != nil {
			t.Fatalf("Stop = %v; the task returned once canceled", err)
		}
		if d := canceledAt.Sub(stopAt); d != 3*time.Second {
			t.Errorf("context canceled %v after Stop began, want the 3s shutdown timeout", d)
		}
		ended := rec.of(schedule.RunEnded, "endless")
		if len(ended) != 1 || !errors.Is(ended[0].Err, context.Canceled) {
			t.Errorf("ended %+v; want one run ending with context.Canceled", ended)
		}
		if !strings.Contains(logs.String(), `msg="schedules still running at the shutdown timeout; canceling their context" logger=schedule schedules=[endless] timeout=3s`) {
			t.Errorf("no warning naming the schedule; logs:\n%s", logs)
		}
	})
}

func TestStopGivesUpOnATaskThatIgnoresCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app, _, logs := newStartedApp(t, schedule.Register(schedule.Schedule{Name: "stubborn", Interval: time.Second,
			Task: func(c *egg.Ctx) error {
				time.Sleep(time.Minute) // ignores c
				return nil
			}}))
		time.Sleep(1500 * time.Millisecond)
		stopAt := time.Now()
		err := app.Stop(context.Background())
		if err == nil || !strings.Contains(err.Error(), "schedule: stubborn still running 5s after the context was canceled") {
			t.Fatalf("Stop = %v; want an error naming the schedule", err)
		}
		if took := time.Since(stopAt); took != 8*time.Second {
			t.Errorf("Stop took %v, want 3s timeout + 5s grace", took)
		}
		if !strings.Contains(logs.String(), `msg="schedules did not return after their context was canceled; leaving them behind" logger=schedule schedules=[stubborn]`) {
			t.Errorf("no error line naming the schedule; logs:\n%s", logs)
		}
		time.Sleep(time.Minute) // let the task end inside the bubble
	})
}

func TestStopBeforeStart(t *testing.T) {
	rec := &recorder{}
	var s *schedule.Scheduler
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(&syncBuffer{}), schedule.Module, schedule.OnRun(rec.hook),
		egg.Module("jobs", schedule.Register(schedule.Schedule{Name: "x", Interval: time.Millisecond, Immediate: true, Task: noop})),
		fx.Populate(&s))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatalf("Stop before start = %v", err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := rec.count(schedule.RunStarted, "x"); n != 0 {
		t.Errorf("%d runs after an early Stop; a stopped scheduler never starts", n)
	}
}

// db is a resource that an app module closes in its BeforeClose.
type db struct{ closed atomic.Bool }

// dbBoot closes the db; with stopFirst it stops the schedules first, as
// the README advises for a module whose BeforeClose closes what tasks use.
type dbBoot struct {
	db        *db
	s         *schedule.Scheduler
	stopFirst bool
}

func (b *dbBoot) BeforeClose(ctx context.Context) error {
	if b.stopFirst {
		if err := b.s.Stop(ctx); err != nil {
			return err
		}
	}
	b.db.closed.Store(true)
	return nil
}

func TestStopEarlyFromAModuleThatClosesWhatTasksUse(t *testing.T) {
	for _, stopFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("stopFirst=%v", stopFirst), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := &db{}
				app, rec, _ := newStartedApp(t,
					egg.Boot(func(s *schedule.Scheduler) *dbBoot { return &dbBoot{db: d, s: s, stopFirst: stopFirst} }),
					schedule.Register(schedule.Schedule{Name: "query", Interval: time.Second, Task: func(*egg.Ctx) error {
						time.Sleep(time.Second)
						if d.closed.Load() {
							return errors.New("sql: database is closed")
						}
						return nil
					}}))
				time.Sleep(1500 * time.Millisecond)
				if err := app.Stop(context.Background()); err != nil {
					t.Fatal(err)
				}
				ended := rec.of(schedule.RunEnded, "query")
				if len(ended) != 1 {
					t.Fatalf("%d runs ended, want 1", len(ended))
				}
				// the jobs module loads after schedule, so its BeforeClose runs first
				if closedUnderTask := ended[0].Err != nil; closedUnderTask == stopFirst {
					t.Errorf("stopFirst=%v: the task's error is %v", stopFirst, ended[0].Err)
				}
			})
		})
	}
}
