package prometheus

import (
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/egg-go/egg/modules/httpclient"
	prom "github.com/prometheus/client_golang/prometheus"
)

// clientMetrics are the httpclient call metrics, labelled by host, method
// and status class, with at most max distinct hosts.
type clientMetrics struct {
	requests *prom.CounterVec
	duration *prom.HistogramVec

	max   int
	log   *slog.Logger
	hosts sync.Map // URL host → *hostStats
	mu    sync.Mutex
	count int // hosts stored; guarded by mu
	other *hostStats
}

// clientSeries are the two metrics of one label set, resolved once.
type clientSeries struct {
	requests prom.Counter
	duration prom.Observer
}

// hostStats holds one host's series per method and status class.
type hostStats struct {
	host  string
	slots [nMethods][nClasses]atomic.Pointer[clientSeries]
}

func newClientMetrics(ns string, cfg Config, log *slog.Logger) *clientMetrics {
	labels := []string{"host", "method", "status"}
	return &clientMetrics{
		requests: prom.NewCounterVec(prom.CounterOpts{
			Namespace: ns, Subsystem: "http_client", Name: "requests_total",
			Help: "Outbound calls made through httpclient, by host, method and status class (error: no response).",
		}, labels),
		duration: prom.NewHistogramVec(prom.HistogramOpts{
			Namespace: ns, Subsystem: "http_client", Name: "request_duration_seconds",
			Help:    "Time from starting an httpclient call to its response headers (or its error), retries included, in seconds.",
			Buckets: cfg.Buckets,
		}, labels),
		max:   cfg.MaxClientHosts,
		log:   log,
		other: &hostStats{host: OtherHost},
	}
}

func (c *clientMetrics) collectors() []prom.Collector {
	return []prom.Collector{c.requests, c.duration}
}

// stats returns the series holder of host, or of OtherHost once max
// hosts are known.
func (c *clientMetrics) stats(host string) *hostStats {
	if v, ok := c.hosts.Load(host); ok {
		return v.(*hostStats)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.hosts.Load(host); ok {
		return v.(*hostStats)
	}
	if c.count >= c.max {
		if c.count == c.max {
			c.count++ // log once
			c.log.Warn("httpclient calls reach more hosts than Config.MaxClientHosts; further hosts are counted as host=\"<other>\"; "+
				"raise PROMETHEUS_MAX_CLIENT_HOSTS if these hosts are expected", "max", c.max, "host", host)
		}
		return c.other
	}
	label := strings.ToLower(host)
	if label == "" {
		label = "<none>"
	}
	hs := &hostStats{host: labelValue(label)}
	c.hosts.Store(host, hs)
	c.count++
	return hs
}

// ObserveCall records an httpclient.CallEvent: one call, by host, method
// and status class ("error" when no response came), with its duration.
// The module registers it with the app's httpclient.Client.OnCall;
// outside the module pass it to OnCall yourself.
func (m *Metrics) ObserveCall(ev httpclient.CallEvent) {
	c := m.client
	hs := c.stats(ev.Host)
	mi, ci := methodIndex(ev.Method), classError
	if ev.Status != 0 {
		ci = classIndex(ev.Status)
	}
	slot := &hs.slots[mi][ci]
	s := slot.Load()
	if s == nil {
		lv := []string{hs.host, methods[mi], classes[ci]}
		slot.CompareAndSwap(nil, &clientSeries{
			requests: c.requests.WithLabelValues(lv...),
			duration: c.duration.WithLabelValues(lv...),
		})
		s = slot.Load()
	}
	s.requests.Inc()
	s.duration.Observe(ev.Duration.Seconds())
}
