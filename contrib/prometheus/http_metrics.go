package prometheus

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
	"github.com/go-chi/chi/v5"
	prom "github.com/prometheus/client_golang/prometheus"
)

// httpMetrics are the server-side request metrics, labelled by method,
// route pattern, route name and status class.
type httpMetrics struct {
	requests *prom.CounterVec
	duration *prom.HistogramVec
	size     *prom.HistogramVec
	inFlight atomic.Int64 // read by the requests_in_flight gauge at scrape time
	gauge    prom.Collector

	routes    sync.Map // route pattern → *routeStats
	table     atomic.Pointer[[]egg.RouteInfo]
	unmatched *routeStats
}

// series are the three metrics of one label set, resolved once.
type series struct {
	requests prom.Counter
	duration prom.Observer
	size     prom.Observer
}

// routeStats holds the series of one route pattern, per method and
// status class, created on first use: after that a request costs no
// label hashing and no allocation.
type routeStats struct {
	pattern string
	names   [nMethods]string // route name per method, from the route table
	slots   [nMethods][nClasses]atomic.Pointer[series]
}

func newHTTPMetrics(ns string, cfg Config) *httpMetrics {
	labels := []string{"method", "pattern", "route", "status"}
	h := &httpMetrics{
		requests: prom.NewCounterVec(prom.CounterOpts{
			Namespace: ns, Subsystem: "http_server", Name: "requests_total",
			Help: "HTTP requests served, by method, route pattern, route name and status class.",
		}, labels),
		duration: prom.NewHistogramVec(prom.HistogramOpts{
			Namespace: ns, Subsystem: "http_server", Name: "request_duration_seconds",
			Help:    "Time from receiving an HTTP request to the end of its response, in seconds.",
			Buckets: cfg.Buckets,
		}, labels),
		size: prom.NewHistogramVec(prom.HistogramOpts{
			Namespace: ns, Subsystem: "http_server", Name: "response_size_bytes",
			Help:    "Size of HTTP response bodies as written by the app (before any compression by a proxy), in bytes.",
			Buckets: cfg.SizeBuckets,
		}, labels),
	}
	h.gauge = prom.NewGaugeFunc(prom.GaugeOpts{
		Namespace: ns, Subsystem: "http_server", Name: "requests_in_flight",
		Help: "HTTP requests being served now.",
	}, func() float64 { return float64(h.inFlight.Load()) })
	h.unmatched = &routeStats{pattern: Unmatched}
	return h
}

func (h *httpMetrics) collectors() []prom.Collector {
	return []prom.Collector{h.requests, h.duration, h.size, h.gauge}
}

// useRoutes takes the app's route table, for route names, and prepares
// the series holders of its patterns.
func (h *httpMetrics) useRoutes(table []egg.RouteInfo) {
	h.table.Store(&table)
	for _, ri := range table {
		h.stats(ri.Pattern)
	}
}

// stats returns the holder of a route pattern's series; "" is Unmatched.
func (h *httpMetrics) stats(pattern string) *routeStats {
	if pattern == "" {
		return h.unmatched
	}
	if v, ok := h.routes.Load(pattern); ok {
		return v.(*routeStats)
	}
	v, _ := h.routes.LoadOrStore(pattern, h.newRouteStats(pattern))
	return v.(*routeStats)
}

// newRouteStats names the pattern's routes per method from the route
// table: a GET route also names HEAD, an All route (method ANY) names
// every method no other route of the pattern names, and a Mount's name
// covers the patterns below it.
func (h *httpMetrics) newRouteStats(pattern string) *routeStats {
	rs := &routeStats{pattern: labelValue(pattern)}
	tp := h.table.Load()
	if tp == nil {
		return rs
	}
	var anyName string
	for _, ri := range *tp {
		if ri.Name == "" {
			continue
		}
		if ri.Pattern != pattern {
			if ri.Method == "ANY" && anyName == "" && strings.HasPrefix(pattern, strings.TrimSuffix(ri.Pattern, "/")+"/") {
				anyName = ri.Name // a Mount (or an All route) above this pattern
			}
			continue
		}
		switch ri.Method {
		case "ANY":
			anyName = ri.Name
		case http.MethodGet:
			rs.names[0] = ri.Name
			if rs.names[1] == "" {
				rs.names[1] = ri.Name
			}
		default:
			rs.names[methodIndex(ri.Method)] = ri.Name
		}
	}
	for i := range rs.names {
		if rs.names[i] == "" {
			rs.names[i] = anyName
		}
	}
	for i := range rs.names {
		rs.names[i] = labelValue(rs.names[i])
	}
	return rs
}

// series returns the series of a method and status class of rs.
func (h *httpMetrics) series(rs *routeStats, mi, ci int) *series {
	slot := &rs.slots[mi][ci]
	if s := slot.Load(); s != nil {
		return s
	}
	lv := []string{methods[mi], rs.pattern, rs.names[mi], classes[ci]}
	// Two requests racing here get the same children from the vectors.
	slot.CompareAndSwap(nil, &series{
		requests: h.requests.WithLabelValues(lv...),
		duration: h.duration.WithLabelValues(lv...),
		size:     h.size.WithLabelValues(lv...),
	})
	return slot.Load()
}

// observe records one finished request.
func (h *httpMetrics) observe(pattern, method string, status int, d time.Duration, size int64) {
	s := h.series(h.stats(pattern), methodIndex(method), classIndex(status))
	s.requests.Inc()
	s.duration.Observe(d.Seconds())
	s.size.Observe(float64(size))
}

// serve runs next and records the request. Under egg the status, route
// pattern and start time come from the egg.Ctx; elsewhere from the writer
// and chi's routing context (use the middleware inside a chi router).
func (h *httpMetrics) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	c := egg.CtxFrom(r)
	var start time.Time
	if c != nil {
		start = c.StartTime()
	} else {
		start = time.Now()
	}
	// Under egg every byte goes through egg's writer, which counts it
	// (Ctx.BytesWritten): no wrapper, no allocation. Elsewhere a counting
	// writer does the same.
	var cw *countingWriter
	if c == nil {
		cw = &countingWriter{ResponseWriter: w}
		w = cw
	}
	h.inFlight.Add(1)
	completed := false
	defer func() {
		h.inFlight.Add(-1)
		h.finish(c, r, cw, start, completed)
	}()
	next.ServeHTTP(w, r)
	completed = true
}

// finish records a request once next has returned, or panicked: egg
// answers a panic with a 500, or aborts the connection when the response
// had begun; both count as 5xx.
func (h *httpMetrics) finish(c *egg.Ctx, r *http.Request, cw *countingWriter, start time.Time, completed bool) {
	var pattern string
	var status int
	var size int64
	if c != nil {
		pattern, status, size = c.RoutePattern(), c.Status(), c.BytesWritten()
	} else {
		status, size = cw.status, cw.n
		if rc := chi.RouteContext(r.Context()); rc != nil {
			pattern = rc.RoutePattern()
		}
	}
	if !completed {
		status = http.StatusInternalServerError
	}
	if pattern == "" && status == http.StatusMethodNotAllowed {
		pattern = allowedPattern(r)
	}
	h.observe(pattern, r.Method, status, time.Since(start), size)
}

// allowedPattern returns the pattern of the route whose path matched a
// request answered 405, "" if there is none. It runs only for 405s.
func allowedPattern(r *http.Request) string {
	rc := chi.RouteContext(r.Context())
	if rc == nil || rc.Routes == nil {
		return ""
	}
	path := rc.RoutePath
	if path == "" {
		path = r.URL.RawPath
	}
	if path == "" {
		path = r.URL.Path
	}
	for _, m := range methods[:nMethods-1] {
		if m == r.Method {
			continue
		}
		if p := rc.Routes.Find(chi.NewRouteContext(), m, path); p != "" {
			return p
		}
	}
	return ""
}
