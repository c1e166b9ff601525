// Package schedule runs timed tasks in an egg app, the way Egg.js's
// egg-schedule does: a schedule has a name, an interval or a cron spec,
// and a task that receives an anonymous context of the app.
//
// Any module registers schedules with Register; Module runs them:
//
//	var Module = egg.Module("jobs",
//		schedule.Register(schedule.Schedule{
//			Name:      "heartbeat",
//			Interval:  time.Second,
//			Immediate: true,
//			Task: func(c *egg.Ctx) error {
//				c.Logger().Info("heartbeat")
//				return nil
//			},
//		}),
//	)
//
// # When tasks run
//
// Ticks start when the app is ready (the ServerDidReady phase, after every
// module's DidReady) and stop in the module's BeforeClose: no tick fires
// once stopping has begun, running tasks get the app's shutdown timeout
// (egg.ServerConfig.ShutdownTimeout) to finish, then their context is
// canceled. Interval ticks fall on the multiples of the interval since the
// Unix epoch; cron ticks follow the spec in its time zone. A tick whose
// previous run is still going is skipped and logged unless the schedule
// sets AllowOverlap. Missed ticks (a paused process) are not made up.
//
// Each run gets its own anonymous context (egg.App.NewContext) whose
// request id is the run id, "<name>:<16 hex digits>": the task's
// c.Logger() lines carry it as req.id, and so do outbound calls that
// forward the request id. The scheduler's own lines (logger=schedule)
// carry schedule=<name> and run=<run id>. A task's error or panic is
// logged at error level, reported to the app's error listeners
// (egg.App.OnError) and to OnRun hooks; the scheduler goes on.
//
// # Several instances
//
// A Worker schedule (the default Type) runs each tick on one instance: at
// each tick every instance asks the Locker to claim the key
// "<LockPrefix><name>@<tick in RFC 3339, UTC>" for LockTTL, and only the
// instance that claims it runs the tick. Claims are never released early.
// Without a Locker the app counts as the only instance. The README's
// schedule section states exactly what clock skew does.
//
// # Tests
//
// Inject *Scheduler: RunNow runs a schedule at once and returns its error
// (egg-mock's app.runSchedule), List describes every schedule, WriteTable
// prints them. Tests that depend on the clock run well inside
// testing/synctest, whose fake clock the scheduler follows.
package schedule
