package schedule_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/schedule"
)

func TestScheduleErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    schedule.Schedule
		want string
	}{
		{"no name", schedule.Schedule{Interval: time.Second, Task: noop}, `a schedule with no Name: Name must be 1-100 letters`},
		{"bad name", schedule.Schedule{Name: "a b", Interval: time.Second, Task: noop}, `schedule "a b": Name must be 1-100 letters`},
		{"colon", schedule.Schedule{Name: "a:b", Interval: time.Second, Task: noop}, `schedule "a:b": Name must be`},
		{"no task", schedule.Schedule{Name: "x", Interval: time.Second}, `schedule "x": Task is nil`},
		{"no timing", schedule.Schedule{Name: "x", Task: noop}, `schedule "x": neither Interval nor Cron is set`},
		{"both", schedule.Schedule{Name: "x", Interval: time.Second, Cron: "* * * * *", Task: noop}, `schedule "x": both Interval (1s) and Cron ("* * * * *") are set`},
		{"tiny", schedule.Schedule{Name: "x", Interval: time.Microsecond, Task: noop}, `schedule "x": Interval 1µs is shorter than 1ms`},
		{"negative", schedule.Schedule{Name: "x", Interval: -time.Second, Task: noop}, `schedule "x": Interval -1s is shorter than 1ms`},
		{"zone on interval", schedule.Schedule{Name: "x", Interval: time.Second, TimeZone: "UTC", Task: noop}, `schedule "x": TimeZone "UTC" is set but only Cron uses it`},
		{"type", schedule.Schedule{Name: "x", Interval: time.Second, Type: "cluster", Task: noop}, `schedule "x": Type "cluster" is unknown; use schedule.Worker`},
		{"ttl", schedule.Schedule{Name: "x", Interval: time.Second, LockTTL: -1, Task: noop}, `schedule "x": LockTTL -1ns is negative`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, schedule.Module, egg.Module("jobs", schedule.Register(tc.s)))
			if err == nil || !strings.Contains(err.Error(), "schedule: "+tc.want) {
				t.Fatalf("error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDuplicateName(t *testing.T) {
	s := schedule.Schedule{Name: "twice", Interval: time.Second, Task: noop}
	_, err := eggtest.Start(t, schedule.Module, egg.Module("a", schedule.Register(s)), egg.Module("b", schedule.Register(s)))
	if err == nil || !strings.Contains(err.Error(), `schedule: two schedules are named "twice"; rename one of them`) {
		t.Fatalf("error = %v", err)
	}
}

func TestRegisterErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
	}{
		{"int", 42},
		{"nil", nil},
		{"wrong result", func() int { return 1 }},
		{"pointer", &schedule.Schedule{}},
		{"nil func", (func() schedule.Schedule)(nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, schedule.Module, schedule.Register(tc.v))
			if err == nil || !strings.Contains(err.Error(), "pass a schedule.Schedule, or a constructor that returns one") ||
				!strings.Contains(err.Error(), "register_test.go") {
				t.Fatalf("error = %v\nwant the fix and the caller's file", err)
			}
		})
	}
	_, err := eggtest.Start(t, schedule.Module, schedule.OnRun(func(schedule.RunEvent) error { return nil }))
	if err == nil || !strings.Contains(err.Error(), "schedule: OnRun(func(schedule.RunEvent) error) at ") {
		t.Fatalf("OnRun error = %v", err)
	}
}

// Settings is a dependency of a schedule constructor in the test below.
type Settings struct{ Every time.Duration }

func TestRegisterConstructor(t *testing.T) {
	var got time.Duration
	_, s, _ := startApp(t,
		egg.Config(Settings{Every: 90 * time.Second}),
		schedule.Register(func(cfg Settings) schedule.Schedule {
			return schedule.Schedule{Name: "from-config", Interval: cfg.Every, Task: func(*egg.Ctx) error { got = cfg.Every; return nil }}
		}),
		schedule.OnRun(func(cfg Settings) (func(schedule.RunEvent), error) { return func(schedule.RunEvent) {}, nil }),
	)
	if in := s.List()[0]; in.Name != "from-config" || in.Spec != "every 1m30s" {
		t.Fatalf("List = %+v", s.List())
	}
	if err := s.RunNow(t.Context(), "from-config"); err != nil || got != 90*time.Second {
		t.Fatalf("RunNow = %v, task saw %v", err, got)
	}
	_, err := eggtest.Start(t, schedule.Module, egg.Module("jobs", schedule.Register(func() (schedule.Schedule, error) {
		return schedule.Schedule{}, errors.New("no database")
	})))
	if err == nil || !strings.Contains(err.Error(), "no database") {
		t.Fatalf("a failing constructor: error = %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		env, value, want string
	}{
		{"SCHEDULE_LOCK_TTL", "0s", `config field LockTTL = 0s (set by env SCHEDULE_LOCK_TTL) is invalid: must be positive`},
		{"SCHEDULE_INTERVALS", "beat:soon", `config field Intervals`},
		{"SCHEDULE_INTERVALS", "beat:soon", `entry beat: schedule: interval "soon" is invalid`},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			_, err := eggtest.Start(t, schedule.Module)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `module "schedule"`) {
				t.Fatalf("error = %v\nwant %q", err, tc.want)
			}
		})
	}
}
