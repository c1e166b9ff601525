package schedule

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/egg-go/egg"
)

// Task is the work of a schedule (Egg's `task(ctx)`). It receives an
// anonymous context of the app (egg.App.NewContext): request-scoped
// services (egg.Use), c.Logger() and the app's configs work as in a
// request, and c is canceled when the app stops and the shutdown timeout
// has passed. A returned error or a panic is logged with the schedule's
// name and reported in the run's event; the scheduler goes on.
type Task func(c *egg.Ctx) error

// Type says where a schedule runs when the app runs as several instances
// (Egg's `type`).
type Type string

const (
	// Worker runs each tick once across all instances that share a
	// Locker (Egg's 'worker', which is once per host; here once per
	// cluster). The zero Type means Worker.
	Worker Type = "worker"
	// All runs each tick on every instance (Egg's 'all').
	All Type = "all"
)

// Schedule is one timed task (Egg's app/schedule/*.js: its `schedule`
// object and its `task`). Give it to Register. Set exactly one of
// Interval and Cron.
type Schedule struct {
	// Name identifies the schedule in logs, events, lock keys, RunNow,
	// the schedules table and the SCHEDULE_DISABLE / SCHEDULE_INTERVALS
	// variables. Required and unique; letters, digits, '-', '_' and '.'.
	Name string
	// Interval runs the task every Interval (Egg's `interval`), at the
	// multiples of Interval since the Unix epoch: a 1m schedule runs at
	// second 0 of every minute, on every instance alike. At least 1ms.
	// Egg's strings ("5s", "2 days", "5000") are read by ParseInterval,
	// which SCHEDULE_INTERVALS uses.
	Interval time.Duration
	// Cron runs the task at the times of a cron spec (Egg's `cron`):
	// six fields with seconds first ("0 */5 * * * *"), five without
	// ("*/5 * * * *"), or @yearly, @monthly, @weekly, @daily, @hourly.
	Cron string
	// TimeZone is the IANA zone the Cron spec is read in (Egg's
	// cronOptions.tz), e.g. "Asia/Shanghai". Default: the process's
	// local zone, as Egg. Cron only.
	TimeZone string
	// Immediate also runs the task once when the app is ready (Egg's
	// `immediate`).
	Immediate bool
	// Type is Worker (default) or All.
	Type Type
	// Disable turns the schedule off (Egg's `disable`). It is still
	// listed, and RunNow still runs it.
	Disable bool
	// Env limits the schedule to these envs (Egg's `env`), e.g.
	// []string{"prod"}. Empty means every env.
	Env []string
	// AllowOverlap lets a tick start while the previous run of the same
	// schedule is still going on this instance. By default such a tick
	// is skipped and logged (Egg has no such guard).
	AllowOverlap bool
	// LockTTL is how long a Worker tick's lock lives: it is the most
	// clock skew between instances that still gives one run per tick.
	// Default: Config.LockTTL (1m).
	LockTTL time.Duration
	// Task is the work. Required.
	Task Task
}

// entry is a registered schedule, checked and ready to run.
type entry struct {
	Schedule
	timing  timing
	enabled bool
	why     string // why it is disabled
	ttl     time.Duration
}

// validName accepts 1-100 characters of [A-Za-z0-9-_.], so a name fits in
// lock keys, run ids (request ids) and environment variable lists.
func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}

// compile checks s and works out its timing (interval overrides s's own)
// and whether it runs in env. Each error names the schedule, the field,
// the value and the fix.
func compile(s Schedule, env string, cfg Config, override time.Duration) (*entry, error) {
	label := fmt.Sprintf("schedule %q", s.Name)
	if s.Name == "" {
		label = "a schedule with no Name"
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("schedule: "+label+": "+format, args...)
	}
	var errs []error
	if !validName(s.Name) {
		errs = append(errs, fail("Name must be 1-100 letters, digits, '-', '_' or '.' (it is part of lock keys, run ids and SCHEDULE_* variables); e.g. \"cleanup-sessions\""))
	}
	if s.Task == nil {
		errs = append(errs, fail("Task is nil; set Task to the function that does the work"))
	}
	switch s.Type {
	case "", Worker, All:
	default:
		errs = append(errs, fail("Type %q is unknown; use schedule.Worker (once per tick across instances) or schedule.All (every instance)", s.Type))
	}
	if s.LockTTL < 0 {
		errs = append(errs, fail("LockTTL %s is negative; leave it 0 for Config.LockTTL or set a positive duration", s.LockTTL))
	}
	e := &entry{Schedule: s}
	switch {
	case override > 0:
		e.timing = every(override)
	case s.Interval != 0 && s.Cron != "":
		errs = append(errs, fail("both Interval (%s) and Cron (%q) are set; keep one of them", s.Interval, s.Cron))
	case s.Interval != 0:
		if s.Interval < time.Millisecond {
			errs = append(errs, fail("Interval %s is shorter than 1ms; use at least 1ms", s.Interval))
		}
		if s.TimeZone != "" {
			errs = append(errs, fail("TimeZone %q is set but only Cron uses it (intervals are aligned to the Unix epoch); remove it or use Cron", s.TimeZone))
		}
		e.timing = every(s.Interval)
	case s.Cron != "":
		ct, err := parseCron(s.Cron, s.TimeZone)
		if err != nil {
			errs = append(errs, fail("Cron %q is invalid: %v; write six fields with seconds (\"0 */5 * * * *\"), five without (\"*/5 * * * *\") or a descriptor such as @hourly", s.Cron, err))
		} else if ct.next(time.Now()).IsZero() {
			errs = append(errs, fail("Cron %q never fires (no such date within five years); check the day and month fields", s.Cron))
		} else {
			e.timing = ct
		}
	default:
		errs = append(errs, fail("neither Interval nor Cron is set; set one, e.g. Interval: 5 * time.Second or Cron: \"0 */5 * * * *\""))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if e.Type == "" {
		e.Type = Worker
	}
	e.ttl = s.LockTTL
	if e.ttl == 0 {
		e.ttl = cfg.LockTTL
	}
	e.enabled = true
	switch {
	case s.Disable:
		e.enabled, e.why = false, "Disable is set"
	case len(s.Env) > 0 && !slices.Contains(s.Env, env):
		e.enabled, e.why = false, fmt.Sprintf("env %s is not in Env %v", env, s.Env)
	case slices.Contains(cfg.Disable, s.Name) || slices.Contains(cfg.Disable, "*"):
		e.enabled, e.why = false, "named in Config.Disable (SCHEDULE_DISABLE)"
	}
	return e, nil
}
