package schedule

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Info describes one registered schedule, for List and the app's
// `schedules` subcommand.
type Info struct {
	Name string
	// Spec is the timing in words: "every 5s", "cron 0 */5 * * * *",
	// "cron 0 0 3 * * * (Asia/Shanghai)".
	Spec string
	Type Type
	// Enabled is false when Disable, Env or Config.Disable keep the
	// schedule from ticking here; Disabled says which.
	Enabled  bool
	Disabled string
	// Immediate and AllowOverlap are the schedule's own fields.
	Immediate    bool
	AllowOverlap bool
	// Next is the next tick: the one the scheduler waits for while it
	// runs, else the next one from now; zero for a disabled schedule or
	// once the scheduler has stopped.
	Next time.Time
	// Running is how many runs of the schedule are going now.
	Running int
}

// List returns the registered schedules, sorted by name.
func (s *Scheduler) List() []Info {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Info, 0, len(s.entries))
	for _, e := range s.entries {
		in := Info{Name: e.Name, Spec: e.timing.String(), Type: e.Type, Enabled: e.enabled, Disabled: e.why,
			Immediate: e.Immediate, AllowOverlap: e.AllowOverlap, Running: s.running[e.Name]}
		if e.enabled && s.state != done {
			if t, ok := s.next[e.Name]; ok {
				in.Next = t
			} else {
				in.Next = e.timing.next(now)
			}
		}
		out = append(out, in)
	}
	return out
}

// WriteTable prints schedules (from List) as an aligned table with the
// columns NAME, SCHEDULE, TYPE, NEXT RUN and NOTES, one line each:
//
//	NAME       SCHEDULE          TYPE    NEXT RUN                       NOTES
//	heartbeat  every 1s          worker  2026-11-02T10:00:01.000+01:00  immediate
//	report     cron 0 0 3 * * *  all     -                              disabled: env local is not in Env [prod]
func WriteTable(w io.Writer, schedules []Info) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSCHEDULE\tTYPE\tNEXT RUN\tNOTES")
	for _, in := range schedules {
		next := "-"
		if !in.Next.IsZero() {
			next = in.Next.Format("2006-01-02T15:04:05.000Z07:00")
		}
		var notes []string
		if !in.Enabled {
			notes = append(notes, "disabled: "+in.Disabled)
		}
		if in.Immediate {
			notes = append(notes, "immediate")
		}
		if in.AllowOverlap {
			notes = append(notes, "overlap allowed")
		}
		if in.Running > 0 {
			notes = append(notes, fmt.Sprintf("running: %d", in.Running))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", in.Name, in.Spec, in.Type, next, strings.Join(notes, ", "))
	}
	return tw.Flush()
}
