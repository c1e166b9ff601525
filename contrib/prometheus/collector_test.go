package prometheus_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
	prom "github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
)

// queueDepth is a module's own collector, built from a dependency.
type queueDepth struct {
	desc *prom.Desc
	q    *queue
}

type queue struct{ n int }

func newQueueDepth(q *queue) *queueDepth {
	return &queueDepth{desc: prom.NewDesc("jobs_queue_depth", "Jobs waiting.", nil, nil), q: q}
}

func (c *queueDepth) Describe(ch chan<- *prom.Desc) { ch <- c.desc }
func (c *queueDepth) Collect(ch chan<- prom.Metric) {
	ch <- prom.MustNewConstMetric(c.desc, prom.GaugeValue, float64(c.q.n))
}

// Collectors provided to the group are registered while the app runs and
// unregistered when it stops: through Collector with a constructor or a
// value, and through a plain fx annotation.
func TestCollectorGroup(t *testing.T) {
	jobsDone := prom.NewCounter(prom.CounterOpts{Name: "jobs_done_total", Help: "Jobs done."})
	jobsDone.Add(3)
	var m *prometheus.Metrics
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), prometheus.Module, fx.Populate(&m),
		egg.Module("jobs",
			fx.Supply(&queue{n: 7}),
			prometheus.Collector(newQueueDepth),
			prometheus.Collector(jobsDone),
			fx.Provide(fx.Annotate(func() prom.Collector {
				return prom.NewGaugeFunc(prom.GaugeOpts{Name: "jobs_workers", Help: "Workers."}, func() float64 { return 2 })
			}, fx.ResultTags(`group:"prometheus.collectors"`))),
		))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, "jobs_queue_depth", "", 7)
	expect(t, mfs, "jobs_done_total", "", 3)
	expect(t, mfs, "jobs_workers", "", 2)

	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range got {
		if strings.HasPrefix(mf.GetName(), "jobs_") {
			t.Errorf("%s is still registered after stop", mf.GetName())
		}
	}
	// registered again on a new start, so an app can be restarted
	if err := m.Registry().Register(jobsDone); err != nil {
		t.Errorf("the collector cannot be registered again after stop: %v", err)
	}
}

// A collector that clashes with a registered one fails start-up naming
// its type; the ones registered before it are unregistered again.
func TestCollectorClash(t *testing.T) {
	counter := func() prom.Collector {
		return prom.NewCounter(prom.CounterOpts{Name: "http_server_requests_total", Help: "clash"})
	}
	_, err := eggtest.Start(t, prometheus.Module, prometheus.Collector(counter))
	if err == nil {
		t.Fatal("start-up succeeded with a clashing collector")
	}
	for _, want := range []string{`module "prometheus" DidLoad failed`, "cannot register collector", "prometheus.collectors", "names no other collector uses"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// Collector refuses what is not a collector or its constructor, naming
// the call; a constructor's error fails start-up.
func TestCollectorBadArguments(t *testing.T) {
	var nilCounter *queueDepth
	for _, v := range []any{nil, 42, "x", func() int { return 1 }, func() (prom.Collector, int) { return nil, 0 }, nilCounter,
		(func() prom.Collector)(nil)} {
		_, err := eggtest.Start(t, prometheus.Module, prometheus.Collector(v))
		if err == nil || !strings.Contains(err.Error(), "prometheus: Collector(") || !strings.Contains(err.Error(), "collector_test.go:") {
			t.Errorf("Collector(%T): error %v, want one naming the call and its place", v, err)
		}
	}
	_, err := eggtest.Start(t, prometheus.Module, prometheus.Collector(func() (*queueDepth, error) {
		return nil, errors.New("queue unreachable")
	}))
	if err == nil || !strings.Contains(err.Error(), "queue unreachable") {
		t.Errorf("a failing constructor: error %v", err)
	}
	_, err = eggtest.Start(t, prometheus.Module, prometheus.Collector(func() prom.Collector { return nil }))
	if err == nil || !strings.Contains(err.Error(), "nil collector") {
		t.Errorf("a nil collector: error %v", err)
	}
}
