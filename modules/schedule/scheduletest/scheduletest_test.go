package scheduletest_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/schedule"
	"github.com/egg-go/egg/modules/schedule/scheduletest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// fakeT records a Fatalf instead of stopping the test.
type fakeT struct {
	testing.TB
	failed string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = format
}

func TestRunAndNames(t *testing.T) {
	runs := 0
	sched := scheduletest.New(t)
	eggtest.New(t, schedule.Module, sched,
		schedule.Register(schedule.Schedule{Name: "count", Interval: time.Hour,
			Task: func(c *egg.Ctx) error { runs++; return nil }}),
		schedule.Register(schedule.Schedule{Name: "broken", Interval: time.Hour, Disable: true,
			Task: func(c *egg.Ctx) error { return errors.New("disk full") }}),
	)
	sched.Run("count")
	sched.Run("count")
	if runs != 2 {
		t.Errorf("runs = %d, want 2", runs)
	}
	if err := sched.RunErr("broken"); err == nil || err.Error() != "disk full" {
		t.Errorf("RunErr of a disabled, failing schedule = %v, want its error", err)
	}
	if got := sched.Names(); !slices.Equal(got, []string{"broken", "count"}) {
		t.Errorf("Names = %v", got)
	}
}

// Used without an app, the Runner fails the test with a message that says
// what to do, instead of a nil-pointer panic.
func TestRunnerWithoutApp(t *testing.T) {
	ft := &fakeT{TB: t}
	r := scheduletest.New(ft)
	func() {
		defer func() { _ = recover() }() // Fatalf does not stop a fakeT
		r.Scheduler()
	}()
	if ft.failed == "" {
		t.Fatal("no failure reported")
	}
}
