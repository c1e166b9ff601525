package schedule

import (
	"context"
	"fmt"
	"reflect"
	"runtime"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module is module "schedule" (Egg's egg-schedule): it runs the schedules
// that any module registers with Register, from the moment the app is
// ready (ServerDidReady) until its BeforeClose, each run in an anonymous
// context. Inject *schedule.Scheduler to list them or run one now.
// Config: Config, env prefix SCHEDULE_. Provide a Locker to run Worker
// schedules once per tick across instances (contrib/redis); without one
// the app counts as the only instance.
var Module = egg.Module("schedule",
	egg.Config(DefaultConfig()),
	fx.Provide(newScheduler),
	egg.Boot(newBoot),
	// ./app schedules: name, spec, type and next run of each schedule.
	egg.Command("schedules", "print the registered schedules with their next run",
		func(s *Scheduler, out egg.CommandOutput) error { return WriteTable(out, s.List()) }),
)

// boot starts the scheduler when the app is ready and stops it when the
// app closes.
type boot struct{ s *Scheduler }

func newBoot(s *Scheduler) *boot { return &boot{s: s} }

// ServerDidReady runs after every module's DidReady (and, with a server,
// once it listens): schedules start only in a ready app.
func (b *boot) ServerDidReady(context.Context) error {
	b.s.start()
	return nil
}

// BeforeClose stops the schedules (Scheduler.Stop).
func (b *boot) BeforeClose(ctx context.Context) error { return b.s.Stop(ctx) }

const (
	schedulesGroup = `group:"egg.schedules"`
	hooksGroup     = `group:"egg.schedule.hooks"`
)

// scheduleOut and hookOut put a schedule or a run hook given as a value in
// its group (fx.Out results: fx.Annotate builds a dig container, seeded
// random source included, at each start).
type (
	scheduleOut struct {
		fx.Out
		Schedule Schedule `group:"egg.schedules"`
	}
	hookOut struct {
		fx.Out
		Hook func(RunEvent) `group:"egg.schedule.hooks"`
	}
)

// Register adds a schedule to the app (Egg's app/schedule/*.js). Put it in
// any module; it runs when the app includes Module. v is either a
// Schedule, or an fx constructor that returns one (optionally with an
// error) when the schedule needs the app's services or config:
//
//	var Module = egg.Module("jobs",
//		schedule.Register(schedule.Schedule{
//			Name: "heartbeat", Interval: time.Second, Immediate: true,
//			Task: func(c *egg.Ctx) error { c.Logger().Info("heartbeat"); return nil },
//		}),
//		schedule.Register(NewCleanup), // func NewCleanup(db *DB, cfg Config) schedule.Schedule
//	)
//
// Schedules are checked when the app is built: a bad one fails start-up
// with an error naming it, its field and the fix.
func Register(v any) fx.Option {
	if sc, ok := v.(Schedule); ok {
		return fx.Provide(func() scheduleOut { return scheduleOut{Schedule: sc} })
	}
	if returns(v, reflect.TypeFor[Schedule]()) {
		return fx.Provide(fx.Annotate(v, fx.ResultTags(schedulesGroup)))
	}
	return fx.Error(fmt.Errorf("schedule: Register(%T) at %s: pass a schedule.Schedule, or a constructor that returns one (optionally with an error)",
		v, callerLine()))
}

// OnRun adds a hook that receives every RunEvent of every schedule: runs
// starting and ending (with their duration and error) and skipped ticks
// (with the reason), for metrics or tests. v is a func(schedule.RunEvent)
// or an fx constructor that returns one (optionally with an error), e.g.
// to count runs in a metrics registry:
//
//	schedule.OnRun(func(reg *prometheus.Registry) func(schedule.RunEvent) { ... })
//
// Hooks run synchronously on the run's goroutine: keep them quick. A hook
// that panics is logged; the run goes on.
func OnRun(v any) fx.Option {
	if h, ok := v.(func(RunEvent)); ok {
		if h == nil {
			return fx.Error(fmt.Errorf("schedule: OnRun(nil) at %s: pass a func(schedule.RunEvent)", callerLine()))
		}
		return fx.Provide(func() hookOut { return hookOut{Hook: h} })
	}
	if returns(v, reflect.TypeFor[func(RunEvent)]()) {
		return fx.Provide(fx.Annotate(v, fx.ResultTags(hooksGroup)))
	}
	return fx.Error(fmt.Errorf("schedule: OnRun(%T) at %s: pass a func(schedule.RunEvent), or a constructor that returns one (optionally with an error)",
		v, callerLine()))
}

// returns reports whether v is a function returning want, optionally with
// an error.
func returns(v any, want reflect.Type) bool {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Func || reflect.ValueOf(v).IsNil() {
		return false
	}
	switch t.NumOut() {
	case 1:
		return t.Out(0) == want
	case 2:
		return t.Out(0) == want && t.Out(1) == reflect.TypeFor[error]()
	}
	return false
}

// callerLine is file:line of the code that called Register or OnRun.
func callerLine() string {
	if _, file, line, ok := runtime.Caller(2); ok {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return "unknown place"
}
