package schedule_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

func TestMemoryLocker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l schedule.MemoryLocker // the zero value is ready
		ctx := t.Context()
		claim := func(key string) bool {
			ok, err := l.Lock(ctx, key, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim("a") || claim("a") {
			t.Fatal("the first claim of a key must win and the second lose")
		}
		if !claim("b") {
			t.Fatal("another key is free")
		}
		time.Sleep(time.Minute - time.Nanosecond)
		if claim("a") {
			t.Fatal("a claim was lost before its ttl (never released early)")
		}
		time.Sleep(time.Nanosecond)
		if !claim("a") {
			t.Fatal("a claim outlived its ttl")
		}
	})
}

// twoApps starts two apps named alike with schedule sc, the second gap
// after the first, sharing the Locker shared (if not nil).
func twoApps(t *testing.T, shared schedule.Locker, sc schedule.Schedule, gap time.Duration) (*recorder, *recorder) {
	t.Helper()
	var recs [2]*recorder
	for i := range recs {
		if i > 0 {
			time.Sleep(gap)
		}
		opts := []fx.Option{egg.Name("shop"), schedule.Register(sc)}
		if shared != nil {
			opts = append(opts, fx.Provide(func() schedule.Locker { return shared }))
		}
		_, _, recs[i] = startApp(t, opts...)
	}
	return recs[0], recs[1]
}

func TestWorkerRunsOncePerTickAcrossApps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		a, b := twoApps(t, schedule.NewMemoryLocker(), schedule.Schedule{Name: "beat", Interval: time.Second, Immediate: true, Task: noop},
			300*time.Millisecond) // ready 300ms apart: the same 1m window of the ready lock
		time.Sleep(5200 * time.Millisecond)
		var ticks []time.Time
		for _, r := range []*recorder{a, b} {
			for _, ev := range r.of(schedule.RunEnded, "beat") {
				if ev.Trigger == schedule.Tick {
					ticks = append(ticks, ev.Tick)
				}
			}
		}
		slices.SortFunc(ticks, func(x, y time.Time) int { return x.Compare(y) })
		if want := everyFrom(start.Add(time.Second), time.Second, 5); !equalTimes(ticks, want) {
			t.Errorf("ticks run by the two apps together: %v\nwant each of %v exactly once", ticks, want)
		}
		readies := 0
		for _, r := range []*recorder{a, b} {
			for _, ev := range r.of(schedule.RunEnded, "beat") {
				if ev.Trigger == schedule.Ready {
					readies++
				}
			}
		}
		if readies != 1 {
			t.Errorf("the immediate run ran %d times; two apps ready in the same lock window run it once", readies)
		}
		locked := 0
		for _, r := range []*recorder{a, b} {
			for _, ev := range r.of(schedule.RunSkipped, "beat") {
				if ev.Reason != schedule.Locked {
					t.Errorf("skip reason %q, want locked", ev.Reason)
				}
				locked++
			}
		}
		if locked != 6 {
			t.Errorf("%d ticks skipped as locked, want 6 (5 ticks and the ready run, once each)", locked)
		}
	})
}

func TestAllRunsOnEveryApp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := twoApps(t, schedule.NewMemoryLocker(), schedule.Schedule{Name: "local", Type: schedule.All, Interval: time.Second, Task: noop}, 0)
		time.Sleep(3500 * time.Millisecond)
		if na, nb := a.count(schedule.RunEnded, "local"), b.count(schedule.RunEnded, "local"); na != 3 || nb != 3 {
			t.Errorf("type All ran %d and %d times, want 3 on each app", na, nb)
		}
	})
}

func TestDefaultLockerIsPerApp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := twoApps(t, nil, schedule.Schedule{Name: "beat", Interval: time.Second, Task: noop}, 0)
		time.Sleep(3500 * time.Millisecond)
		if na, nb := a.count(schedule.RunEnded, "beat"), b.count(schedule.RunEnded, "beat"); na != 3 || nb != 3 {
			t.Errorf("without a shared Locker each app runs every tick: got %d and %d, want 3 and 3", na, nb)
		}
	})
}

// keyLocker records the keys and ttls it is asked for and fails on demand.
type keyLocker struct {
	mu   sync.Mutex
	keys []string
	ttls []time.Duration
	err  error
}

func (k *keyLocker) Lock(_ context.Context, key string, ttl time.Duration) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = append(k.keys, key)
	k.ttls = append(k.ttls, ttl)
	return k.err == nil, k.err
}

func TestLockKeysAndTTL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		kl := &keyLocker{}
		_, _, rec := startApp(t, egg.Name("shop"), fx.Provide(func() schedule.Locker { return kl }),
			schedule.Register(schedule.Schedule{Name: "beat", Interval: 500 * time.Millisecond, Task: noop}),
			schedule.Register(schedule.Schedule{Name: "local", Type: schedule.All, Interval: 500 * time.Millisecond, Task: noop}),
		)
		time.Sleep(1200 * time.Millisecond)
		kl.mu.Lock()
		defer kl.mu.Unlock()
		if want := []string{"egg:schedule:shop:beat@2000-01-01T00:00:00.5Z", "egg:schedule:shop:beat@2000-01-01T00:00:01Z"}; !slices.Equal(kl.keys, want) {
			t.Errorf("keys %q, want %q (a schedule of type All takes no lock)", kl.keys, want)
		}
		if kl.ttls[0] != schedule.DefaultLockTTL {
			t.Errorf("ttl %v, want the default %v", kl.ttls[0], schedule.DefaultLockTTL)
		}
		if rec.count(schedule.RunEnded, "local") != 2 || rec.count(schedule.RunEnded, "beat") != 2 {
			t.Error("both schedules should have run twice")
		}
	})
}

func TestLockKeyOfACronTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		kl := &keyLocker{}
		startApp(t, egg.Name("shop"), fx.Provide(func() schedule.Locker { return kl }),
			schedule.Register(schedule.Schedule{Name: "nightly", Cron: "0 0 3 * * *", TimeZone: "Asia/Shanghai", LockTTL: time.Hour, Task: noop}))
		time.Sleep(19*time.Hour + time.Second) // 03:00 in Shanghai is 19:00 UTC
		kl.mu.Lock()
		defer kl.mu.Unlock()
		if want := []string{"egg:schedule:shop:nightly@2000-01-01T19:00:00Z"}; !slices.Equal(kl.keys, want) || kl.ttls[0] != time.Hour {
			t.Errorf("keys %q ttls %v, want %q for the schedule's LockTTL 1h", kl.keys, kl.ttls, want)
		}
	})
}

func TestLockErrorSkipsTheTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		kl := &keyLocker{err: errors.New("redis: connection refused")}
		app, _, rec := startApp(t, fx.Provide(func() schedule.Locker { return kl }),
			egg.Configure(func(c *schedule.Config) { c.LockPrefix = "x:" }),
			schedule.Register(schedule.Schedule{Name: "beat", Interval: time.Second, Task: noop}))
		time.Sleep(2500 * time.Millisecond)
		if n := rec.count(schedule.RunStarted, "beat"); n != 0 {
			t.Errorf("%d runs while the locker fails; a worker tick must fail closed", n)
		}
		sk := rec.of(schedule.RunSkipped, "beat")
		if len(sk) != 2 || sk[0].Reason != schedule.LockFailed || sk[0].Err == nil {
			t.Errorf("skips %+v, want two with reason lock failed and the error", sk)
		}
		app.ExpectLog(`level=ERROR msg="schedule tick skipped: the locker failed, so this instance cannot know who runs it" logger=schedule schedule=beat tick=2000-01-01T00:00:01.000Z key=x:beat@2000-01-01T00:00:01Z err="redis: connection refused"`)
	})
}

// Real clock: two apps, one shared locker, a 30ms worker schedule. Each
// tick runs once in all (counts only).
func TestWorkerRealClock(t *testing.T) {
	a, b := twoApps(t, schedule.NewMemoryLocker(), schedule.Schedule{Name: "beat", Interval: 30 * time.Millisecond, Task: noop}, 0)
	deadline := time.Now().Add(10 * time.Second)
	for a.count(schedule.RunEnded, "beat")+b.count(schedule.RunEnded, "beat") < 5 {
		if time.Now().After(deadline) {
			t.Fatal("5 runs of a 30ms schedule did not happen within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	seen := map[time.Time]int{}
	for _, r := range []*recorder{a, b} {
		for _, tk := range r.ticks(schedule.RunStarted, "beat") {
			seen[tk]++
		}
	}
	for tk, n := range seen {
		if n != 1 {
			t.Errorf("tick %v ran %d times", tk, n)
		}
	}
}
