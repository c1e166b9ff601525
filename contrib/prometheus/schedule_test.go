package prometheus_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

// Runs are counted per schedule when they end, with their duration;
// errors and panics are failures; a schedule that never failed shows 0.
func TestScheduleRuns(t *testing.T) {
	var s *schedule.Scheduler
	task := func(err error) schedule.Task {
		return func(*egg.Ctx) error {
			if err != nil && err.Error() == "panic" {
				panic("task exploded")
			}
			return err
		}
	}
	app := eggtest.New(t, prometheus.Module, schedule.Module, fx.Populate(&s), egg.Module("jobs",
		// Disable: no tick runs them; RunNow still does
		schedule.Register(schedule.Schedule{Name: "report", Interval: time.Hour, Disable: true, Task: task(nil)}),
		schedule.Register(schedule.Schedule{Name: "sync", Interval: time.Hour, Disable: true, Task: task(errors.New("upstream down"))}),
		schedule.Register(schedule.Schedule{Name: "crash", Interval: time.Hour, Disable: true, Task: task(errors.New("panic"))}),
	))
	ctx := context.Background()
	for range 2 {
		if err := s.RunNow(ctx, "report"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RunNow(ctx, "sync"); err == nil {
		t.Fatal("sync did not fail")
	}
	if err := s.RunNow(ctx, "crash"); err == nil {
		t.Fatal("crash did not fail")
	}

	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, "schedule_runs_total", "schedule=report", 2)
	expect(t, mfs, "schedule_run_failures_total", "schedule=report", 0)
	expect(t, mfs, "schedule_run_duration_seconds", "schedule=report", 2)
	expect(t, mfs, "schedule_runs_total", "schedule=sync", 1)
	expect(t, mfs, "schedule_run_failures_total", "schedule=sync", 1)
	expect(t, mfs, "schedule_run_failures_total", "schedule=crash", 1)
	if got := seriesOf(mfs, "schedule_skipped_total"); len(got) != 0 {
		t.Errorf("skipped = %v, want none", got)
	}
}

// A tick that comes while the previous run still goes is skipped and
// counted by reason. The clock is synctest's: exact and instant.
func TestScheduleSkippedOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := eggtest.New(t, prometheus.Module, schedule.Module, egg.Module("jobs",
			schedule.Register(schedule.Schedule{Name: "slow", Interval: time.Second, Task: func(*egg.Ctx) error {
				time.Sleep(2500 * time.Millisecond)
				return nil
			}}),
		))
		// ticks at 1s (runs until 3.5s), 2s and 3s (skipped: overlap)
		time.Sleep(3900 * time.Millisecond)
		mfs := scrape(t, app, "/metrics")
		expect(t, mfs, "schedule_runs_total", "schedule=slow", 1)
		expect(t, mfs, "schedule_skipped_total", "reason=overlap,schedule=slow", 2)
		h := histogram(t, mfs, "schedule_run_duration_seconds", "schedule=slow")
		if h.GetSampleSum() != 2.5 {
			t.Errorf("run duration sum = %v, want 2.5 (synctest's clock)", h.GetSampleSum())
		}
	})
}
