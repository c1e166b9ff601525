package prometheus

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	prom "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one app's metrics: its own registry (never the global one,
// so two apps in a process do not collide), the HTTP, schedule and
// httpclient metrics recorded into it, and the handler that serves it.
// The module provides it; New makes one without egg.
type Metrics struct {
	cfg     Config
	log     *slog.Logger
	reg     *prom.Registry
	handler http.Handler
	http    *httpMetrics
	sched   *scheduleMetrics
	client  *clientMetrics

	mu  sync.Mutex
	srv *listener // the PROMETHEUS_ADDR listener, while it runs
}

// New returns the metrics for cfg in a new registry, with the Go and
// process collectors as cfg says. It is a plain constructor, usable
// without egg: serve Handler, wrap handlers in Middleware (inside a chi
// router, for the pattern label), pass ObserveRun and ObserveCall to the
// schedule and httpclient hooks. log receives scrape errors; nil
// discards them. An invalid cfg is an error naming the field.
func New(cfg Config, log *slog.Logger) (*Metrics, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("prometheus: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{cfg: cfg, log: log, reg: prom.NewRegistry()}
	m.http = newHTTPMetrics(cfg.Namespace, cfg)
	m.sched = newScheduleMetrics(cfg.Namespace, cfg)
	m.client = newClientMetrics(cfg.Namespace, cfg, log)
	cs := append(m.http.collectors(), m.sched.collectors()...)
	cs = append(cs, m.client.collectors()...)
	if cfg.GoCollector {
		cs = append(cs, collectors.NewGoCollector())
	}
	if cfg.ProcessCollector {
		cs = append(cs, collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus: registering the built-in metrics: %w", err)
		}
	}
	m.handler = promhttp.InstrumentMetricHandler(m.reg, promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:       errorLog{log},
		ErrorHandling:  promhttp.ContinueOnError,
		Registry:       m.reg,
		CoalesceGather: true,
	}))
	return m, nil
}

// Registry returns the app's registry: register the app's own metrics
// here (or provide them with Collector), and gather it in tests.
func (m *Metrics) Registry() *prom.Registry { return m.reg }

// Handler returns the scrape handler of the registry (promhttp, with its
// own promhttp_metric_handler_* metrics). The module serves it at
// Config.Path; mount it yourself when the middleware is disabled.
func (m *Metrics) Handler() http.Handler { return m.handler }

// Middleware records the HTTP metrics of every request through it: count,
// duration, response size by method, route pattern, route name and status
// class, and the in-flight gauge. When Config.Addr is empty it also
// answers GET and HEAD of Config.Path with the metrics, itself not
// counted. Under egg the module puts it first in the middleware chain.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	scrape := m.cfg.Addr == ""
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if scrape && m.isScrape(r) {
			m.handler.ServeHTTP(w, r)
			return
		}
		m.http.serve(next, w, r)
	})
}

// isScrape reports whether r asks for the metrics: GET or HEAD of Path.
func (m *Metrics) isScrape(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && m.isPath(r.URL.Path)
}

// isPath reports whether p is Path, with or without a trailing slash.
func (m *Metrics) isPath(p string) bool {
	want := m.cfg.Path
	if len(p) == len(want)+1 && p[len(want)] == '/' {
		p = p[:len(want)]
	}
	return p == want
}

// errorLog passes promhttp's errors to the module's logger.
type errorLog struct{ log *slog.Logger }

func (l errorLog) Println(v ...any) {
	l.log.Error("serving metrics: "+fmt.Sprint(v...), "hint", "a collector failed; the scrape carries what could be gathered")
}
