package schedule_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"
	_ "time/tzdata" // the time zone test must not depend on the machine's zoneinfo

	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/schedule"
)

func TestCronWithSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now() // 2000-01-01 00:00:00 UTC
		_, _, rec := startApp(t,
			schedule.Register(schedule.Schedule{Name: "even", Cron: "*/2 * * * * *", TimeZone: "UTC", Task: noop}),
			schedule.Register(schedule.Schedule{Name: "minutely", Cron: "* * * * *", TimeZone: "UTC", Task: noop}),
		)
		time.Sleep(2*time.Minute + 5*time.Second)
		if got := rec.ticks(schedule.RunEnded, "even"); len(got) != 62 || !got[0].Equal(start.Add(2*time.Second)) || !got[61].Equal(start.Add(124*time.Second)) {
			t.Errorf("*/2 seconds: %d runs from %v to %v; want 62 from 00:00:02 to 00:02:04", len(got), got[0], got[len(got)-1])
		}
		if got, want := rec.ticks(schedule.RunEnded, "minutely"), everyFrom(start.Add(time.Minute), time.Minute, 2); !equalTimes(got, want) {
			t.Errorf("five fields (no seconds): ticks %v, want %v", got, want)
		}
	})
}

func TestCronTimeZone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now() // 2000-01-01 00:00:00 UTC = 08:00 in Shanghai
		_, s, rec := startApp(t, schedule.Register(schedule.Schedule{Name: "nine", Cron: "0 0 9 * * *", TimeZone: "Asia/Shanghai", Task: noop}))
		next := s.List()[0].Next
		if want := start.Add(time.Hour); !next.Equal(want) {
			t.Fatalf("next = %v, want %v (09:00 in Shanghai)", next, want)
		}
		if spec := s.List()[0].Spec; spec != "cron 0 0 9 * * * (Asia/Shanghai)" {
			t.Errorf("Spec = %q", spec)
		}
		time.Sleep(time.Hour + time.Second)
		if got := rec.ticks(schedule.RunEnded, "nine"); len(got) != 1 || !got[0].Equal(start.Add(time.Hour)) {
			t.Errorf("runs at %v, want one at 01:00 UTC", got)
		}
	})
}

func TestCronSpecErrors(t *testing.T) {
	for _, tc := range []struct{ cron, zone, want string }{
		{"* * *", "", "expected 5 to 6 fields"},
		{"61 * * * * *", "", "end of range (61) above maximum (59)"},
		{"*/0 * * * * *", "", "Cron \"*/0 * * * * *\" is invalid"},
		{"@every 5s", "", "use Interval instead"},
		{"CRON_TZ=UTC * * * * *", "", "write the time zone in TimeZone"},
		{"0 0 0 30 2 *", "", "never fires"},
		{"* * * * *", "Mars/Olympus", `TimeZone "Mars/Olympus" is unknown`},
	} {
		t.Run(tc.cron, func(t *testing.T) {
			_, err := eggtest.Start(t, schedule.Module,
				schedule.Register(schedule.Schedule{Name: "bad", Cron: tc.cron, TimeZone: tc.zone, Task: noop}))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `schedule "bad"`) {
				t.Fatalf("error = %v\nwant one naming schedule \"bad\" and containing %q", err, tc.want)
			}
		})
	}
}
