// Package promqueue records contrib/queue's jobs in contrib/prometheus's
// metrics: runs by kind, queue and outcome, their duration, and the runs
// in flight. Add its Module beside the two it bridges:
//
//	egg.Run(modules.Default(), prometheus.Module, queue.Module, promqueue.Module, app.Module)
//
// It is a Go module of its own so that River stays out of the module
// graph of apps that use contrib/prometheus without contrib/queue.
package promqueue

import (
	"strings"
	"sync"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/contrib/queue"
	prom "github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
)

// Module is module "promqueue": it makes the job metrics with the
// prometheus module's Config (Namespace, QueueBuckets), feeds them from
// queue.OnJob and registers them in the app's registry
// (prometheus.Collector) while the app runs.
var Module = egg.Module("promqueue",
	fx.Provide(New),
	queue.OnJob(func(m *Metrics) func(queue.JobEvent) { return m.Observe }),
	prometheus.Collector(func(m *Metrics) prom.Collector { return m }),
)

// Metrics are the job metrics, a prometheus.Collector:
//
//   - queue_job_runs_total{kind, queue, outcome}: attempts that ended,
//     by outcome (completed, retryable, discarded, cancelled, snoozed;
//     each present at 0 from a kind's first run in a queue);
//   - queue_job_run_duration_seconds{kind, queue}: how long attempts ran
//     (Config.QueueBuckets);
//   - queue_job_runs_in_flight{kind, queue}: attempts running now.
//
// Names take Config.Namespace as a prefix, as the module's own do.
type Metrics struct {
	runs     *prom.CounterVec
	duration *prom.HistogramVec
	inFlight *prom.GaugeVec
	series   sync.Map // seriesKey → *series
}

// seriesKey is one kind of job in one queue.
type seriesKey struct{ kind, queue string }

// series are the children of one seriesKey, resolved once: a job event
// then costs one map lookup and lock-free updates, no label hashing.
type series struct {
	runs     [nOutcomes]prom.Counter // by outcomeIndex
	duration prom.Observer
	inFlight prom.Gauge
}

// New makes the job metrics for cfg, not registered anywhere: outside
// egg, register them in a registry and pass Observe to queue.OnJob.
func New(cfg prometheus.Config) *Metrics {
	labels := []string{"kind", "queue"}
	return &Metrics{
		runs: prom.NewCounterVec(prom.CounterOpts{
			Namespace: cfg.Namespace, Subsystem: "queue", Name: "job_runs_total",
			Help: "Job attempts that ended, by outcome: completed, retryable (failed, will run again), " +
				"discarded (failed for good), cancelled, snoozed.",
		}, []string{"kind", "queue", "outcome"}),
		duration: prom.NewHistogramVec(prom.HistogramOpts{
			Namespace: cfg.Namespace, Subsystem: "queue", Name: "job_run_duration_seconds",
			Help:    "How long job attempts ran, in seconds.",
			Buckets: cfg.QueueBuckets,
		}, labels),
		inFlight: prom.NewGaugeVec(prom.GaugeOpts{
			Namespace: cfg.Namespace, Subsystem: "queue", Name: "job_runs_in_flight",
			Help: "Job attempts running now on this instance.",
		}, labels),
	}
}

// Describe implements prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prom.Desc) {
	m.runs.Describe(ch)
	m.duration.Describe(ch)
	m.inFlight.Describe(ch)
}

// Collect implements prometheus.Collector.
func (m *Metrics) Collect(ch chan<- prom.Metric) {
	m.runs.Collect(ch)
	m.duration.Collect(ch)
	m.inFlight.Collect(ch)
}

// Observe records a queue.JobEvent: a started attempt is in flight until
// it ends; an ended one is counted by outcome, with its duration. The
// module registers it with queue.OnJob.
func (m *Metrics) Observe(ev queue.JobEvent) {
	s := m.of(ev.Kind, ev.Queue)
	switch ev.Phase {
	case queue.JobStarted:
		s.inFlight.Inc()
	case queue.JobEnded:
		s.inFlight.Dec()
		s.duration.Observe(ev.Duration.Seconds())
		if i := outcomeIndex(ev.Outcome); i >= 0 {
			s.runs[i].Inc()
		}
	}
}

// of returns the series of kind in queue, making them on first use.
func (m *Metrics) of(kind, q string) *series {
	k := seriesKey{kind, q}
	if v, ok := m.series.Load(k); ok {
		return v.(*series)
	}
	kl, ql := labelValue(kind), labelValue(q)
	s := &series{duration: m.duration.WithLabelValues(kl, ql), inFlight: m.inFlight.WithLabelValues(kl, ql)}
	for _, o := range queue.Outcomes() {
		if i := outcomeIndex(o); i >= 0 {
			s.runs[i] = m.runs.WithLabelValues(kl, ql, string(o))
		}
	}
	v, _ := m.series.LoadOrStore(k, s)
	return v.(*series)
}

// nOutcomes is how many outcomes outcomeIndex knows.
const nOutcomes = 5

// outcomeIndex is o's index in series.runs, or -1.
func outcomeIndex(o queue.Outcome) int {
	switch o {
	case queue.OutcomeCompleted:
		return 0
	case queue.OutcomeRetryable:
		return 1
	case queue.OutcomeDiscarded:
		return 2
	case queue.OutcomeCancelled:
		return 3
	case queue.OutcomeSnoozed:
		return 4
	}
	return -1
}

// labelValue makes s a valid label value (UTF-8), so that creating a
// series never fails.
func labelValue(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
