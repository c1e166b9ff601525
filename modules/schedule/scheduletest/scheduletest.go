// Package scheduletest runs an app's schedules from a test: egg-mock's
// app.runSchedule for egg.
//
//	sched := scheduletest.New(t)
//	app := eggtest.New(t, modules.Default(), jobs.Module, sched)
//	sched.Run("cleanup")              // runs the task now, waits, fails the test on its error
//	sched.Names()                     // every registered schedule
//
// A run through scheduletest takes no lock and runs disabled schedules
// too, so a test can exercise a task whatever its env or Disable setting.
package scheduletest

import (
	"testing"

	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

// Runner reaches the app's *schedule.Scheduler. It is an fx.Option: give
// it to eggtest.New (or fx.New) with the app's options.
type Runner struct {
	fx.Option
	t     testing.TB
	sched *schedule.Scheduler
}

// New returns a Runner that reports to t.
func New(t testing.TB) *Runner {
	r := &Runner{t: t}
	r.Option = fx.Populate(&r.sched)
	return r
}

// Scheduler returns the app's scheduler; it fails the test when the
// Runner was not given to the app or the app has no schedule module.
func (r *Runner) Scheduler() *schedule.Scheduler {
	r.t.Helper()
	if r.sched == nil {
		r.t.Fatalf("scheduletest: no scheduler: give the Runner to eggtest.New with an app that has schedule.Module (modules.Default() has it)")
	}
	return r.sched
}

// Run runs the named schedule's task now on the test's goroutine, waits
// for it and fails the test if it returns an error or panics.
func (r *Runner) Run(name string) {
	r.t.Helper()
	if err := r.RunErr(name); err != nil {
		r.t.Fatalf("scheduletest: schedule %q: %v", name, err)
	}
}

// RunErr is Run for a task whose failure the test expects: it returns the
// task's error.
func (r *Runner) RunErr(name string) error {
	r.t.Helper()
	return r.Scheduler().RunNow(r.t.Context(), name)
}

// Names lists the names of the app's registered schedules, sorted.
func (r *Runner) Names() []string {
	r.t.Helper()
	var out []string
	for _, info := range r.Scheduler().List() {
		out = append(out, info.Name)
	}
	return out
}
