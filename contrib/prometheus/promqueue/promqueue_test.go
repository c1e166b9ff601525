package promqueue_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/contrib/prometheus/promqueue"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuetest"
	"github.com/egg-go/egg/eggtest"
	prom "github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/riverqueue/river"
	"go.uber.org/fx"
)

// mailArgs is a job that fails when Fail is set.
type mailArgs struct {
	Fail bool `json:"fail"`
}

func (mailArgs) Kind() string { return "mail" }

type mailer struct{ river.WorkerDefaults[mailArgs] }

// NextRetry retries 20ms later: the test does not wait for River's backoff.
func (mailer) NextRetry(*river.Job[mailArgs]) time.Time { return time.Now().Add(20 * time.Millisecond) }

func (mailer) Work(_ context.Context, job *river.Job[mailArgs]) error {
	if job.Args.Fail {
		return errors.New("smtp down")
	}
	return nil
}

// Jobs worked by River on PostgreSQL show on /metrics by kind, queue and
// outcome, with every outcome present at 0, their duration, and nothing
// left in flight.
func TestJobMetricsOnPostgres(t *testing.T) {
	u, schema := pgSchema(t)
	var cl *queue.Client
	app := eggtest.New(t, prometheus.Module, queue.Module, promqueue.Module, fx.Populate(&cl),
		egg.Configure(func(c *queue.Config) {
			c.Driver, c.URL, c.Schema = queue.DriverPostgres, u, schema
			c.FetchPollInterval = 50 * time.Millisecond
			c.Queues = map[string]int{"default": 2, "bulk": 1}
		}),
		egg.Module("jobs", queue.Register(queue.FromRiver[mailArgs](mailer{}))))

	for _, j := range []struct {
		args mailArgs
		opts *river.InsertOpts
	}{
		{mailArgs{}, nil},
		{mailArgs{}, nil},
		{mailArgs{}, &river.InsertOpts{Queue: "bulk"}},
		{mailArgs{Fail: true}, &river.InsertOpts{MaxAttempts: 2}},
	} {
		if _, err := cl.Insert(t.Context(), j.args, j.opts); err != nil {
			t.Fatal(err)
		}
	}
	var mfs map[string]*dto.MetricFamily
	deadline := time.Now().Add(20 * time.Second)
	for {
		mfs = scrape(t, app)
		done, _ := value(mfs, "queue_job_runs_total", "kind=mail,outcome=completed,queue=default")
		lost, _ := value(mfs, "queue_job_runs_total", "kind=mail,outcome=discarded,queue=default")
		bulk, _ := value(mfs, "queue_job_runs_total", "kind=mail,outcome=completed,queue=bulk")
		if done == 2 && lost == 1 && bulk == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs did not all end; series: %v", seriesOf(mfs, "queue_job_runs_total"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, c := range []struct {
		labels string
		want   float64
	}{
		{"kind=mail,outcome=completed,queue=default", 2},
		{"kind=mail,outcome=retryable,queue=default", 1},
		{"kind=mail,outcome=discarded,queue=default", 1},
		{"kind=mail,outcome=cancelled,queue=default", 0},
		{"kind=mail,outcome=snoozed,queue=default", 0},
		{"kind=mail,outcome=completed,queue=bulk", 1},
		{"kind=mail,outcome=retryable,queue=bulk", 0},
	} {
		expect(t, mfs, "queue_job_runs_total", c.labels, c.want)
	}
	expect(t, mfs, "queue_job_run_duration_seconds", "kind=mail,queue=default", 4)
	expect(t, mfs, "queue_job_run_duration_seconds", "kind=mail,queue=bulk", 1)
	expect(t, mfs, "queue_job_runs_in_flight", "kind=mail,queue=default", 0)
	if got := len(seriesOf(mfs, "queue_job_runs_total")); got != 10 {
		t.Errorf("%d runs series, want 10 (5 outcomes × 2 queues): %v", got, seriesOf(mfs, "queue_job_runs_total"))
	}
}

// A running job is in flight; the namespace and the buckets come from the
// prometheus module's config.
func TestInFlightNamespaceAndBuckets(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var cl *queue.Client
	app := eggtest.New(t, prometheus.Module, queue.Module, promqueue.Module, fx.Populate(&cl),
		egg.Configure(func(c *prometheus.Config) { c.Namespace, c.QueueBuckets = "shop", []float64{1, 60} }),
		egg.Configure(func(c *queue.Config) {
			c.URL = t.TempDir() + "/q.db"
			c.FetchPollInterval = 20 * time.Millisecond
		}),
		egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[mailArgs]) error {
			close(started)
			<-release
			return nil
		}))))
	if _, err := cl.Insert(t.Context(), mailArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(15 * time.Second):
		t.Fatal("job did not start")
	}
	mfs := scrape(t, app)
	expect(t, mfs, "shop_queue_job_runs_in_flight", "kind=mail,queue=default", 1)
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		mfs = scrape(t, app)
		if v, _ := value(mfs, "shop_queue_job_runs_total", "kind=mail,outcome=completed,queue=default"); v == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job did not end: %v", seriesOf(mfs, "shop_queue_job_runs_total"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	expect(t, mfs, "shop_queue_job_runs_in_flight", "kind=mail,queue=default", 0)
	var bounds []float64
	for _, m := range mfs["shop_queue_job_run_duration_seconds"].GetMetric() {
		for _, b := range m.GetHistogram().GetBucket() {
			bounds = append(bounds, b.GetUpperBound())
		}
	}
	if len(bounds) != 3 || bounds[0] != 1 || bounds[1] != 60 || !math.IsInf(bounds[2], 1) {
		t.Errorf("bucket bounds %v, want [1 60 +Inf]", bounds)
	}
}

// Without egg: New, a registry, Observe.
func TestStandalone(t *testing.T) {
	m := promqueue.New(prometheus.DefaultConfig())
	reg := prom.NewRegistry()
	reg.MustRegister(m)
	m.Observe(queue.JobEvent{Phase: queue.JobStarted, Kind: "k\xff", Queue: "q"})
	m.Observe(queue.JobEvent{Phase: queue.JobEnded, Kind: "k\xff", Queue: "q", Outcome: queue.OutcomeSnoozed, Duration: time.Second})
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}
	byName := map[string]*dto.MetricFamily{}
	for _, mf := range mfs {
		byName[mf.GetName()] = mf
	}
	expect(t, byName, "queue_job_runs_total", "kind=k\uFFFD,outcome=snoozed,queue=q", 1)
	expect(t, byName, "queue_job_runs_in_flight", "kind=k\uFFFD,queue=q", 0)
}

// scrape gets /metrics from the app as Prometheus would and parses it.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("scrape: status %d", w.Code)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := p.TextToMetricFamilies(io.Reader(w.Body))
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	return mfs
}

// labels is a label set written k=v,k=v, sorted.
func labels(m *dto.Metric) string {
	var out []string
	for _, lp := range m.GetLabel() {
		out = append(out, lp.GetName()+"="+lp.GetValue())
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func seriesOf(mfs map[string]*dto.MetricFamily, name string) []string {
	var out []string
	for _, m := range mfs[name].GetMetric() {
		out = append(out, labels(m))
	}
	slices.Sort(out)
	return out
}

// value is a counter's or gauge's value, or a histogram's sample count.
func value(mfs map[string]*dto.MetricFamily, name, want string) (float64, bool) {
	for _, m := range mfs[name].GetMetric() {
		if labels(m) != want {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func expect(t *testing.T, mfs map[string]*dto.MetricFamily, name, want string, v float64) {
	t.Helper()
	got, ok := value(mfs, name, want)
	if !ok {
		t.Errorf("%s{%s} is missing; series: %v", name, want, seriesOf(mfs, name))
		return
	}
	if got != v {
		t.Errorf("%s{%s} = %v, want %v", name, want, got, v)
	}
}

// pgSchema returns DATABASE_URL (or the local server) and a fresh schema
// for River's tables, dropped when the test ends. Without a server the
// test is skipped, except in CI.
func pgSchema(t *testing.T) (string, string) {
	u := queuetest.PostgresURL(t)
	return u, queuetest.Schema(t, u, "promqueue_test")
}
