package schedule_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

// Counter is a service of the app that a schedule uses.
type Counter struct{ n int }

// Jobs is an app module with one schedule; its task gets the app's
// services from the constructor and a context of its own per run.
var Jobs = egg.Module("jobs",
	fx.Provide(func() *Counter { return &Counter{} }),
	schedule.Register(func(counter *Counter) schedule.Schedule {
		return schedule.Schedule{
			Name:     "heartbeat",
			Interval: time.Second,
			Type:     schedule.Worker, // once per tick across instances sharing a Locker
			Task: func(c *egg.Ctx) error {
				counter.n++
				c.Logger().Info("heartbeat", "count", counter.n) // carries the run id
				return nil
			},
		}
	}),
)

func Example() {
	var s *schedule.Scheduler
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		schedule.Module, Jobs,
		schedule.OnRun(func(ev schedule.RunEvent) {
			if ev.Kind == schedule.RunEnded {
				fmt.Println(ev.Schedule, "ran, error:", ev.Err)
			}
		}),
		fx.Populate(&s))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := app.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	defer app.Stop(ctx)

	// run it now and wait for it, as a test would (egg-mock's app.runSchedule)
	if err := s.RunNow(ctx, "heartbeat"); err != nil {
		fmt.Println(err)
	}
	for _, in := range s.List() {
		fmt.Println(in.Name, in.Spec, in.Type, in.Enabled)
	}
	// Output:
	// heartbeat ran, error: <nil>
	// heartbeat every 1s worker true
}

// The app's `schedules` subcommand prints this table.
func ExampleWriteTable() {
	schedule.WriteTable(os.Stdout, []schedule.Info{
		{Name: "heartbeat", Spec: "every 1s", Type: schedule.Worker, Enabled: true, Immediate: true,
			Next: time.Date(2026, 11, 2, 10, 0, 1, 0, time.UTC)},
		{Name: "report", Spec: "cron 0 0 3 * * * (Asia/Shanghai)", Type: schedule.All, Disabled: "env local is not in Env [prod]"},
	})
	// Output:
	// NAME       SCHEDULE                          TYPE    NEXT RUN                  NOTES
	// heartbeat  every 1s                          worker  2026-11-02T10:00:01.000Z  immediate
	// report     cron 0 0 3 * * * (Asia/Shanghai)  all     -                         disabled: env local is not in Env [prod]
}
