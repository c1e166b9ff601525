package prometheus

import (
	"strings"

	"github.com/egg-go/egg/modules/schedule"
	prom "github.com/prometheus/client_golang/prometheus"
)

// scheduleMetrics are the schedule-run metrics, labelled by schedule name.
type scheduleMetrics struct {
	runs     *prom.CounterVec
	failures *prom.CounterVec
	duration *prom.HistogramVec
	skipped  *prom.CounterVec
}

func newScheduleMetrics(ns string, cfg Config) *scheduleMetrics {
	name := []string{"schedule"}
	return &scheduleMetrics{
		runs: prom.NewCounterVec(prom.CounterOpts{
			Namespace: ns, Subsystem: "schedule", Name: "runs_total",
			Help: "Schedule runs that finished, failed or not (ticks, Immediate runs and RunNow).",
		}, name),
		failures: prom.NewCounterVec(prom.CounterOpts{
			Namespace: ns, Subsystem: "schedule", Name: "run_failures_total",
			Help: "Schedule runs whose task returned an error or panicked.",
		}, name),
		duration: prom.NewHistogramVec(prom.HistogramOpts{
			Namespace: ns, Subsystem: "schedule", Name: "run_duration_seconds",
			Help:    "How long schedule tasks ran, in seconds.",
			Buckets: cfg.ScheduleBuckets,
		}, name),
		skipped: prom.NewCounterVec(prom.CounterOpts{
			Namespace: ns, Subsystem: "schedule", Name: "skipped_total",
			Help: "Schedule ticks that did not run here, by reason: overlap (the previous run was still going), " +
				"locked (another instance ran it), lock_failed, stopping.",
		}, []string{"schedule", "reason"}),
	}
}

func (s *scheduleMetrics) collectors() []prom.Collector {
	return []prom.Collector{s.runs, s.failures, s.duration, s.skipped}
}

// ObserveRun records a schedule.RunEvent: a finished run (count, duration
// and, when its task failed or panicked, a failure) or a skipped tick (by
// reason). Starts are not counted. The module registers it with
// schedule.OnRun; outside the module pass it to schedule.OnRun yourself.
func (m *Metrics) ObserveRun(ev schedule.RunEvent) {
	s := m.sched
	switch ev.Kind {
	case schedule.RunEnded:
		name := labelValue(ev.Schedule)
		s.runs.WithLabelValues(name).Inc()
		s.duration.WithLabelValues(name).Observe(ev.Duration.Seconds())
		f := s.failures.WithLabelValues(name) // present at 0, so rates work before the first failure
		if ev.Err != nil {
			f.Inc()
		}
	case schedule.RunSkipped:
		reason := strings.ReplaceAll(string(ev.Reason), " ", "_")
		s.skipped.WithLabelValues(labelValue(ev.Schedule), labelValue(reason)).Inc()
	}
}
