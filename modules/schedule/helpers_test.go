package schedule_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// recorder keeps every RunEvent of an app.
type recorder struct {
	mu     sync.Mutex
	events []schedule.RunEvent
}

func (r *recorder) hook(ev schedule.RunEvent) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
}

// of returns the events of one kind for schedule name, in order.
func (r *recorder) of(kind schedule.EventKind, name string) []schedule.RunEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []schedule.RunEvent
	for _, ev := range r.events {
		if ev.Kind == kind && ev.Schedule == name {
			out = append(out, ev)
		}
	}
	return out
}

func (r *recorder) count(kind schedule.EventKind, name string) int { return len(r.of(kind, name)) }

// ticks returns the Tick of each event of kind for name.
func (r *recorder) ticks(kind schedule.EventKind, name string) []time.Time {
	var out []time.Time
	for _, ev := range r.of(kind, name) {
		out = append(out, ev.Tick)
	}
	return out
}

// startApp starts an app with the schedule module, the given schedules
// and options, and a recorder of its events; it stops when the test ends.
func startApp(t *testing.T, opts ...fx.Option) (*eggtest.App, *schedule.Scheduler, *recorder) {
	t.Helper()
	rec := &recorder{}
	var s *schedule.Scheduler
	app := eggtest.New(t, schedule.Module, egg.Module("jobs", opts...), schedule.OnRun(rec.hook), fx.Populate(&s))
	return app, s, rec
}

// everyFrom returns ticks from first, step apart, n of them.
func everyFrom(first time.Time, step time.Duration, n int) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = first.Add(time.Duration(i) * step)
	}
	return out
}

func equalTimes(a, b []time.Time) bool {
	return slices.EqualFunc(a, b, func(x, y time.Time) bool { return x.Equal(y) })
}

// noop is a task that does nothing.
func noop(*egg.Ctx) error { return nil }
