package schedule_test

import (
	"context"
	"errors"
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

func TestImmediateRunsOnceWhenReady(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, _, rec := startApp(t, schedule.Register(schedule.Schedule{Name: "warm", Interval: time.Hour, Immediate: true, Task: noop}))
		time.Sleep(30 * time.Minute)
		ended := rec.of(schedule.RunEnded, "warm")
		if len(ended) != 1 || ended[0].Trigger != schedule.Ready || !ended[0].Tick.Equal(start) {
			t.Fatalf("runs in the first 30 minutes: %+v; want one Ready run at start", ended)
		}
		time.Sleep(31 * time.Minute)
		if got := rec.ticks(schedule.RunEnded, "warm"); len(got) != 2 || !got[1].Equal(start.Add(time.Hour)) {
			t.Fatalf("runs after an hour: %v; want the ready run and the 01:00 tick", got)
		}
	})
}

func TestEnvAndDisable(t *testing.T) {
	t.Setenv("SCHEDULE_DISABLE", "ops-off")
	synctest.Test(t, func(t *testing.T) {
		ran := map[string]*atomic.Int32{}
		task := func(name string) schedule.Task {
			ran[name] = &atomic.Int32{}
			return func(*egg.Ctx) error { ran[name].Add(1); return nil }
		}
		_, s, _ := startApp(t,
			schedule.Register(schedule.Schedule{Name: "prod-only", Interval: time.Second, Env: []string{"prod"}, Task: task("prod-only")}),
			schedule.Register(schedule.Schedule{Name: "tests-too", Interval: time.Second, Env: []string{"prod", "unittest"}, Task: task("tests-too")}),
			schedule.Register(schedule.Schedule{Name: "off", Interval: time.Second, Disable: true, Immediate: true, Task: task("off")}),
			schedule.Register(schedule.Schedule{Name: "ops-off", Interval: time.Second, Task: task("ops-off")}),
		)
		time.Sleep(3500 * time.Millisecond)
		want := map[string]int32{"prod-only": 0, "tests-too": 3, "off": 0, "ops-off": 0}
		for name, n := range want {
			if got := ran[name].Load(); got != n {
				t.Errorf("%s ran %d times, want %d", name, got, n)
			}
		}
		why := map[string]string{}
		for _, in := range s.List() {
			why[in.Name] = in.Disabled
			if in.Enabled == (in.Disabled != "") || in.Enabled != (in.Name == "tests-too") {
				t.Errorf("%s: Enabled %v, Disabled %q", in.Name, in.Enabled, in.Disabled)
			}
			if !in.Enabled && !in.Next.IsZero() {
				t.Errorf("%s is disabled but has a next run %v", in.Name, in.Next)
			}
		}
		for name, sub := range map[string]string{"prod-only": "env unittest is not in Env [prod]", "off": "Disable is set",
			"ops-off": "SCHEDULE_DISABLE"} {
			if !strings.Contains(why[name], sub) {
				t.Errorf("%s: Disabled = %q, want it to mention %q", name, why[name], sub)
			}
		}
		// a disabled schedule still runs on demand, as egg-mock's runSchedule
		if err := s.RunNow(t.Context(), "prod-only"); err != nil || ran["prod-only"].Load() != 1 {
			t.Errorf("RunNow of a disabled schedule: err %v, runs %d", err, ran["prod-only"].Load())
		}
	})
}

func TestDisableAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, s, rec := startApp(t,
			egg.Configure(func(c *schedule.Config) { c.Disable = []string{"*"} }),
			schedule.Register(schedule.Schedule{Name: "a", Interval: time.Second, Immediate: true, Task: noop}),
			schedule.Register(schedule.Schedule{Name: "b", Cron: "* * * * * *", Task: noop}),
		)
		time.Sleep(3 * time.Second)
		if n := rec.count(schedule.RunStarted, "a") + rec.count(schedule.RunStarted, "b"); n != 0 {
			t.Errorf("%d runs with Disable [*]", n)
		}
		for _, in := range s.List() {
			if in.Enabled {
				t.Errorf("%s is enabled under Disable [*]", in.Name)
			}
		}
	})
}

func TestOverlapSkipsTheTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		slow := func(*egg.Ctx) error { time.Sleep(2500 * time.Millisecond); return nil }
		app, _, rec := startApp(t,
			schedule.Register(schedule.Schedule{Name: "guarded", Interval: time.Second, Task: slow}),
			schedule.Register(schedule.Schedule{Name: "overlapping", Interval: time.Second, AllowOverlap: true, Task: slow}),
		)
		time.Sleep(4500 * time.Millisecond)
		// guarded: runs at 1 s (until 3.5 s) and 4 s; ticks 2 s and 3 s are skipped
		if got, want := rec.ticks(schedule.RunStarted, "guarded"), []time.Time{start.Add(time.Second), start.Add(4 * time.Second)}; !equalTimes(got, want) {
			t.Errorf("guarded started at %v, want %v", got, want)
		}
		skipped := rec.of(schedule.RunSkipped, "guarded")
		if len(skipped) != 2 || skipped[0].Reason != schedule.Overlap || !skipped[0].Tick.Equal(start.Add(2*time.Second)) ||
			!skipped[1].Tick.Equal(start.Add(3*time.Second)) {
			t.Errorf("guarded skipped %+v, want ticks 2s and 3s for overlap", skipped)
		}
		app.ExpectLog(`level=WARN msg="schedule tick skipped: the previous run is still going (set AllowOverlap to run anyway)" logger=schedule schedule=guarded`)
		if got := rec.ticks(schedule.RunStarted, "overlapping"); !equalTimes(got, everyFrom(start.Add(time.Second), time.Second, 4)) {
			t.Errorf("overlapping started at %v, want every second", got)
		}
		if n := rec.count(schedule.RunSkipped, "overlapping"); n != 0 {
			t.Errorf("overlapping skipped %d ticks", n)
		}
	})
}

func TestPanicAndErrorDoNotStopTheScheduler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var n atomic.Int32
		var mu sync.Mutex
		var reported []error
		app, _, rec := startApp(t,
			fx.Invoke(func(a *egg.App) {
				a.OnError(func(err error, c *egg.Ctx) {
					mu.Lock()
					reported = append(reported, err)
					mu.Unlock()
				})
			}),
			schedule.Register(schedule.Schedule{Name: "flaky", Interval: time.Second, Task: func(*egg.Ctx) error {
				switch n.Add(1) {
				case 1:
					panic("boom")
				case 2:
					return errors.New("db down")
				}
				return nil
			}}),
		)
		time.Sleep(4500 * time.Millisecond)
		ended := rec.of(schedule.RunEnded, "flaky")
		if len(ended) != 4 {
			t.Fatalf("%d runs, want 4: a panic and an error must not stop the ticks", len(ended))
		}
		var pe *egg.PanicError
		if !errors.As(ended[0].Err, &pe) || pe.Value != "boom" || len(pe.Stack) == 0 {
			t.Errorf("run 1 Err = %#v, want *egg.PanicError boom with a stack", ended[0].Err)
		}
		if ended[1].Err == nil || ended[1].Err.Error() != "db down" || ended[2].Err != nil || ended[3].Err != nil {
			t.Errorf("run errors: %v, %v, %v; want db down, nil, nil", ended[1].Err, ended[2].Err, ended[3].Err)
		}
		app.ExpectLog(`level=ERROR msg="schedule run panicked" logger=schedule schedule=flaky run=` + ended[0].RunID)
		app.ExpectLog(`err="panic: boom"`)
		app.ExpectLog(`level=ERROR msg="schedule run failed" logger=schedule schedule=flaky run=` + ended[1].RunID)
		mu.Lock()
		defer mu.Unlock()
		if len(reported) != 2 || !strings.Contains(reported[1].Error(), `schedule "flaky" run `+ended[1].RunID+": db down") {
			t.Errorf("error event got %v; want the panic and the error, naming the schedule and run", reported)
		}
	})
}

func TestRunNow(t *testing.T) {
	type counter struct{ n int }
	var built atomic.Int32
	app, s, rec := startApp(t,
		egg.Scoped[*counter](func(*egg.Ctx) *counter { built.Add(1); return &counter{} }),
		schedule.Register(schedule.Schedule{Name: "report", Cron: "0 0 3 * * *", Task: func(c *egg.Ctx) error {
			// a request-scoped service: one instance within the run
			egg.Use[*counter](c).n++
			if egg.Use[*counter](c).n != 1 {
				return errors.New("scoped service rebuilt within a run")
			}
			c.Logger().Info("report sent", "to", "ops")
			return errors.New("smtp refused")
		}}),
	)
	err := s.RunNow(t.Context(), "report")
	if err == nil || err.Error() != "smtp refused" {
		t.Fatalf("RunNow = %v, want the task's error", err)
	}
	if built.Load() != 1 {
		t.Errorf("scoped service built %d times in one run, want 1", built.Load())
	}
	ended := rec.of(schedule.RunEnded, "report")
	if len(ended) != 1 || ended[0].Trigger != schedule.Manual || !strings.HasPrefix(ended[0].RunID, "report:") {
		t.Fatalf("events %+v; want one Manual run with a run id", ended)
	}
	// the task's ctx logger carries the run id (which starts with the name) as its request id
	app.ExpectLog(`msg="report sent" logger=app req.id=` + ended[0].RunID)
	if err := s.RunNow(t.Context(), "nope"); err == nil || !strings.Contains(err.Error(), `RunNow("nope"): no schedule has this name; registered: report`) {
		t.Errorf("RunNow of an unknown name = %v", err)
	}
}

func TestRunNowContext(t *testing.T) {
	_, s, _ := startApp(t, schedule.Register(schedule.Schedule{Name: "wait", Interval: time.Hour, Task: func(c *egg.Ctx) error {
		<-c.Done()
		return c.Err()
	}}))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.RunNow(ctx, "wait"); !errors.Is(err, context.Canceled) {
		t.Errorf("RunNow with a canceled context = %v, want context.Canceled from the task", err)
	}
}

func TestRunNowAfterStop(t *testing.T) {
	_, s, _ := startApp(t, schedule.Register(schedule.Schedule{Name: "x", Interval: time.Hour, Task: noop}))
	if err := s.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := s.RunNow(t.Context(), "x"); !errors.Is(err, schedule.ErrStopped) {
		t.Errorf("RunNow after Stop = %v, want ErrStopped", err)
	}
	if next := s.List()[0].Next; !next.IsZero() {
		t.Errorf("a stopped scheduler lists a next run %v", next)
	}
}

func TestHookPanicIsLogged(t *testing.T) {
	app, s, _ := startApp(t,
		schedule.OnRun(func(ev schedule.RunEvent) {
			if ev.Kind == schedule.RunStarted {
				panic("bad hook")
			}
		}),
		schedule.Register(schedule.Schedule{Name: "x", Interval: time.Hour, Task: noop}),
	)
	if err := s.RunNow(t.Context(), "x"); err != nil {
		t.Fatalf("RunNow = %v; a panicking hook must not fail the run", err)
	}
	app.ExpectLog(`level=ERROR msg="schedule event hook panicked" logger=schedule schedule=x event=start panic="bad hook"`)
}
