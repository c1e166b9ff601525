package schedule_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/egg-go/egg/modules/schedule"
)

// In a synctest bubble the clock is fake: it starts at 2000-01-01 00:00 UTC
// and moves only when every goroutine waits, so counts are exact.

func TestIntervalTicksOnTheEpochGrid(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, _, rec := startApp(t, schedule.Register(schedule.Schedule{Name: "tick", Interval: time.Second, Task: noop}))
		time.Sleep(3500 * time.Millisecond)
		got := rec.ticks(schedule.RunEnded, "tick")
		want := everyFrom(start.Add(time.Second), time.Second, 3)
		if !equalTimes(got, want) {
			t.Fatalf("ticks = %v, want %v", got, want)
		}
		for _, ev := range rec.of(schedule.RunEnded, "tick") {
			if ev.Trigger != schedule.Tick || ev.Err != nil || ev.RunID == "" {
				t.Errorf("event %+v: want trigger tick, no error, a run id", ev)
			}
		}
	})
}

func TestIntervalOverriddenFromEnv(t *testing.T) {
	t.Setenv("SCHEDULE_INTERVALS", "tick:2s, other:1 day")
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		app, s, rec := startApp(t, schedule.Register(schedule.Schedule{Name: "tick", Cron: "@hourly", Task: noop}))
		time.Sleep(5 * time.Second)
		if got, want := rec.ticks(schedule.RunEnded, "tick"), everyFrom(start.Add(2*time.Second), 2*time.Second, 2); !equalTimes(got, want) {
			t.Fatalf("ticks = %v, want %v (SCHEDULE_INTERVALS replaces the cron)", got, want)
		}
		if spec := s.List()[0].Spec; spec != "every 2s" {
			t.Errorf("Spec = %q, want %q", spec, "every 2s")
		}
		app.ExpectLog(`names a schedule that is not registered" logger=schedule name=other registered=[tick]`)
	})
}

// The real clock: ticks arrive while the test waits (counts only; no
// durations are asserted).
func TestIntervalRealClock(t *testing.T) {
	_, _, rec := startApp(t, schedule.Register(schedule.Schedule{Name: "fast", Interval: 20 * time.Millisecond, Task: noop}))
	deadline := time.Now().Add(10 * time.Second)
	for rec.count(schedule.RunEnded, "fast") < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("3 runs of a 20ms schedule did not happen within 10s; got %d", rec.count(schedule.RunEnded, "fast"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	ticks := rec.ticks(schedule.RunStarted, "fast") // a run starts only once the previous one is over
	for i, tk := range ticks {
		if tk.UnixNano()%int64(20*time.Millisecond) != 0 {
			t.Errorf("tick %v is not on the 20ms grid", tk)
		}
		if i > 0 && !tk.After(ticks[i-1]) {
			t.Errorf("ticks out of order: %v after %v", tk, ticks[i-1])
		}
	}
}
