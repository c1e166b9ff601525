package redis_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/modules/schedule"
)

// tickLog records, per tick of the schedule, which apps ran it and which
// skipped it because another held its lock.
type tickLog struct {
	mu      sync.Mutex
	ran     map[time.Time][]int
	locked  map[time.Time][]int
	overlap map[time.Time][]int
	failed  []error
}

func (l *tickLog) hook(app int) func(schedule.RunEvent) {
	return func(ev schedule.RunEvent) {
		if ev.Trigger != schedule.Tick {
			return
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		switch {
		case ev.Kind == schedule.RunStarted:
			l.ran[ev.Tick] = append(l.ran[ev.Tick], app)
		case ev.Kind == schedule.RunSkipped && ev.Reason == schedule.Locked:
			l.locked[ev.Tick] = append(l.locked[ev.Tick], app)
		case ev.Kind == schedule.RunSkipped && ev.Reason == schedule.Overlap:
			// the app's previous run (lock round trip included) outlasted
			// the 100ms interval, as happens on a loaded machine: not a
			// double run, so allowed; the tick is checked below
			l.overlap[ev.Tick] = append(l.overlap[ev.Tick], app)
		case ev.Kind == schedule.RunSkipped:
			l.failed = append(l.failed, fmt.Errorf("app %d skipped tick %s: %s %v", app, ev.Tick.Format("15:04:05.000"), ev.Reason, ev.Err))
		}
	}
}

// TestScheduleWorkerOncePerTickAcrossApps: two apps named alike, each with
// its own scheduler, share a Redis; their worker schedule, every 100ms,
// runs once per tick between them, and the other app skips the tick as
// locked.
func TestScheduleWorkerOncePerTickAcrossApps(t *testing.T) {
	rc := direct(t)
	name := unique(t)
	cleanKeys(t, rc, "egg:schedule:"+name+":*")
	const every = 100 * time.Millisecond
	log := &tickLog{ran: map[time.Time][]int{}, locked: map[time.Time][]int{}, overlap: map[time.Time][]int{}}
	for i := range 2 {
		startApp(t, egg.Name(name), schedule.Module, redis.Module, redis.ScheduleLocker(), withURL(t, serverURL(t)),
			egg.Module("jobs", schedule.Register(schedule.Schedule{
				Name: "beat", Interval: every, Type: schedule.Worker,
				Task: func(*egg.Ctx) error { return nil },
			})),
			schedule.OnRun(log.hook(i)))
	}
	bothUp := time.Now()
	time.Sleep(20 * every)
	settled := time.Now().Add(-3 * every) // every event of earlier ticks has arrived

	log.mu.Lock()
	defer log.mu.Unlock()
	for _, err := range log.failed {
		t.Error(err)
	}
	var ticks []time.Time
	for tick := range log.ran {
		ticks = append(ticks, tick)
	}
	for tick := range log.locked {
		if _, ok := log.ran[tick]; !ok {
			ticks = append(ticks, tick) // locked everywhere, run nowhere: a failure below
		}
	}
	slices.SortFunc(ticks, func(a, b time.Time) int { return a.Compare(b) })
	checked, contested := 0, 0
	for _, tick := range ticks {
		if tick.Before(bothUp) || tick.After(settled) {
			continue
		}
		checked++
		ran, locked := log.ran[tick], log.locked[tick]
		if len(ran) == 0 && len(log.overlap[tick]) > 0 {
			continue // busy everywhere with the previous tick: skipped, never doubled
		}
		if len(ran) != 1 || len(locked) > 1 {
			t.Errorf("tick %s: run by apps %v, skipped as locked by apps %v; want one run",
				tick.Format("15:04:05.000"), ran, locked)
		}
		if len(locked) == 1 {
			contested++
		}
	}
	// an app busy for more than a tick skips that tick (the scheduler
	// never runs missed ticks), so not every tick is contested; most are
	if checked < 10 || contested < checked/2 {
		t.Fatalf("%d ticks with both apps up, %d of them claimed by both; want at least 10, most of them by both", checked, contested)
	}
	t.Logf("%d ticks checked, each run once; %d of them claimed by both apps", checked, contested)
}
