package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// timing computes a schedule's ticks. Every instance of the app computes
// the same ticks from its own wall clock, so that a tick names the same
// moment everywhere and can key a lock.
type timing interface {
	// next returns the first tick strictly after t, or the zero time
	// when there is none.
	next(t time.Time) time.Time
	// String describes the timing for List and the schedules table.
	String() string
}

// every ticks at the multiples of an interval since the Unix epoch (UTC):
// a 1m schedule ticks at second 0 of every minute, on every instance.
type every time.Duration

func (e every) next(t time.Time) time.Time {
	d := int64(e)
	ns := t.UnixNano()
	k := ns / d
	if ns < 0 && ns%d != 0 { // floor for times before 1970
		k--
	}
	return time.Unix(0, (k+1)*d)
}

func (e every) String() string { return "every " + time.Duration(e).String() }

// cronTiming is a cron spec (seconds optional) in a time zone.
type cronTiming struct {
	spec  string
	zone  string // "" = the process's local zone
	sched cron.Schedule
}

func (c cronTiming) next(t time.Time) time.Time { return c.sched.Next(t) }

func (c cronTiming) String() string {
	if c.zone == "" {
		return "cron " + c.spec
	}
	return "cron " + c.spec + " (" + c.zone + ")"
}

// cronFields is what the parser accepts: Egg's cron-parser syntax, six
// fields with seconds first or five without, plus @yearly, @monthly,
// @weekly, @daily (@midnight) and @hourly.
const cronFields = cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor

// parseCron parses spec in the named time zone ("" = local). It never
// panics, whatever spec holds.
func parseCron(spec, zone string) (t cronTiming, err error) {
	spec = strings.TrimSpace(spec)
	t = cronTiming{spec: spec, zone: zone}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return t, fmt.Errorf("write the time zone in TimeZone, not in the spec")
	}
	if strings.HasPrefix(spec, "@every") {
		return t, fmt.Errorf("@every is not aligned to the clock, so instances would not agree on its ticks; use Interval instead")
	}
	loc := time.Local
	if zone != "" {
		if loc, err = time.LoadLocation(zone); err != nil {
			return t, fmt.Errorf("TimeZone %q is unknown (%v); use an IANA name such as \"Asia/Shanghai\" or \"UTC\", "+
				"and in a container without zoneinfo add `import _ \"time/tzdata\"` to main", zone, err)
		}
	}
	defer func() { // the parser is not ours: keep a bad spec an error, never a panic
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	s, err := cron.NewParser(cronFields).Parse(spec)
	if err != nil {
		return t, err
	}
	if ss, ok := s.(*cron.SpecSchedule); ok {
		ss.Location = loc
	}
	t.sched = s
	return t, nil
}
