package schedule_test

import (
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

func TestListAndTable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		_, s, _ := startApp(t,
			schedule.Register(schedule.Schedule{Name: "heartbeat", Interval: time.Second, Immediate: true, Task: func(*egg.Ctx) error {
				<-release
				return nil
			}}),
			schedule.Register(schedule.Schedule{Name: "report", Cron: "0 0 3 * * *", TimeZone: "UTC", Type: schedule.All, Env: []string{"prod"}, Task: noop}),
			schedule.Register(schedule.Schedule{Name: "audit", Cron: "@hourly", TimeZone: "UTC", AllowOverlap: true, Task: noop}),
		)
		synctest.Wait() // the immediate run of heartbeat is under way
		list := s.List()
		if len(list) != 3 || list[0].Name != "audit" || list[1].Name != "heartbeat" || list[2].Name != "report" {
			t.Fatalf("List = %+v, want audit, heartbeat, report", list)
		}
		hb := list[1]
		if hb.Spec != "every 1s" || hb.Type != schedule.Worker || !hb.Enabled || hb.Running != 1 ||
			!hb.Next.Equal(time.Date(2000, 1, 1, 0, 0, 1, 0, time.UTC)) {
			t.Errorf("heartbeat: %+v", hb)
		}
		var b strings.Builder
		if err := schedule.WriteTable(&b, list); err != nil {
			t.Fatal(err)
		}
		at := func(sec int64) string { return time.Unix(sec, 0).Format("2006-01-02T15:04:05.000Z07:00") }
		want := [][]string{
			{"NAME", "SCHEDULE", "TYPE", "NEXT RUN", "NOTES"},
			{"audit", "cron @hourly (UTC)", "worker", at(946688400), "overlap allowed"},
			{"heartbeat", "every 1s", "worker", at(946684801), "immediate, running: 1"},
			{"report", "cron 0 0 3 * * * (UTC)", "all", "-", "disabled: env unittest is not in Env [prod]"},
		}
		columns := regexp.MustCompile(`  +`) // columns are two or more spaces apart
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != len(want) {
			t.Fatalf("table:\n%s\nwant %d lines", b.String(), len(want))
		}
		for i, line := range lines {
			if got := columns.Split(line, -1); !slices.Equal(got, want[i]) {
				t.Errorf("line %d: %q\nwant columns %q", i, line, want[i])
			}
			if i > 0 && strings.Index(line, want[i][3]) != strings.Index(lines[0], "NEXT RUN") {
				t.Errorf("line %d: NEXT RUN column not aligned:\n%s", i, b.String())
			}
		}
		close(release)
	})
}

// The app's `schedules` subcommand lists an app that was built, not
// started: next runs come from the clock.
func TestListBeforeStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var s *schedule.Scheduler
		_, err := egg.New(egg.Env("local"), egg.LogOutput(io.Discard), schedule.Module, fx.Populate(&s),
			egg.Module("jobs", schedule.Register(schedule.Schedule{Name: "beat", Interval: time.Minute, Task: noop})))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(90 * time.Second)
		list := s.List()
		if len(list) != 1 || !list[0].Next.Equal(time.Date(2000, 1, 1, 0, 2, 0, 0, time.UTC)) || list[0].Running != 0 {
			t.Fatalf("List before start = %+v, want beat next at 00:02", list)
		}
	})
}

// The binary's schedules subcommand prints the table without starting the
// app, so no task runs.
func TestSchedulesCommand(t *testing.T) {
	ran := false
	var out bytes.Buffer
	code := egg.RunArgs([]string{"schedules"}, &out, io.Discard, egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard), schedule.Module,
		schedule.Register(schedule.Schedule{Name: "heartbeat", Interval: time.Second, Immediate: true,
			Task: func(*egg.Ctx) error { ran = true; return nil }}))
	if code != 0 || !strings.Contains(out.String(), "heartbeat") || !strings.Contains(out.String(), "1s") {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	if ran {
		t.Error("the schedules command ran a task")
	}
}
