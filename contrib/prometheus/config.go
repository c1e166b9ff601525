package prometheus

import (
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"

	"github.com/egg-go/egg"
)

// Config configures the prometheus module. Set it with
// egg.Configure(func(c *prometheus.Config) {...}) or with the environment
// variables named below (prefix PROMETHEUS_); egg validates it at
// start-up.
type Config struct {
	// Path is where the metrics are served, on the app port or on Addr.
	// GET and HEAD only; a trailing slash is accepted. Default "/metrics".
	// Env PROMETHEUS_PATH.
	Path string `env:"PATH"`

	// Addr, when set, serves Path on a listener of its own (host:port,
	// e.g. "127.0.0.1:9464"), and the app port no longer answers it: keep
	// metrics off the public port, out of the host allow list and away
	// from the app's middleware. It listens in WillReady (a busy port
	// fails start-up) and closes in BeforeClose. Default "": the app port.
	// Env PROMETHEUS_ADDR.
	Addr string `env:"ADDR"`

	// Namespace prefixes the names of the module's own metrics
	// ("shop" gives shop_http_server_requests_total); the Go and process
	// metrics keep their standard names. Default "". Env PROMETHEUS_NAMESPACE.
	Namespace string `env:"NAMESPACE"`

	// Buckets are the upper bounds, in seconds, of the request-duration
	// histograms (server requests and httpclient calls). Default the
	// Prometheus client's: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
	// Env PROMETHEUS_BUCKETS, comma-separated.
	Buckets []float64 `env:"BUCKETS"`

	// SizeBuckets are the upper bounds, in bytes, of the response-size
	// histogram. Default 100 1e3 1e4 1e5 1e6 1e7 (100 B to 10 MB).
	// Env PROMETHEUS_SIZE_BUCKETS, comma-separated.
	SizeBuckets []float64 `env:"SIZE_BUCKETS"`

	// ScheduleBuckets are the upper bounds, in seconds, of the
	// schedule-run duration histogram. Default .01 .05 .1 .5 1 5 10 30 60
	// 300 900 3600. Env PROMETHEUS_SCHEDULE_BUCKETS, comma-separated.
	ScheduleBuckets []float64 `env:"SCHEDULE_BUCKETS"`

	// QueueBuckets are the upper bounds, in seconds, of the job-run
	// duration histogram of contrib/queue's jobs (package promqueue).
	// Default .01 .05 .1 .5 1 5 10 30 60 300 900 3600.
	// Env PROMETHEUS_QUEUE_BUCKETS, comma-separated.
	QueueBuckets []float64 `env:"QUEUE_BUCKETS"`

	// MaxClientHosts caps the distinct host label values of the
	// httpclient metrics: calls to further hosts are counted under
	// host="<other>" (and logged once), so an app that calls URLs its
	// users give cannot grow the series without bound. Default 100.
	// Env PROMETHEUS_MAX_CLIENT_HOSTS.
	MaxClientHosts int `env:"MAX_CLIENT_HOSTS"`

	// GoCollector exports the Go runtime metrics (go_*: goroutines, GC,
	// memory). Default true. Env PROMETHEUS_GO_COLLECTOR.
	GoCollector bool `env:"GO_COLLECTOR"`

	// ProcessCollector exports the process metrics (process_*: CPU, open
	// files, resident memory, start time). Default true.
	// Env PROMETHEUS_PROCESS_COLLECTOR.
	ProcessCollector bool `env:"PROCESS_COLLECTOR"`
}

// DefaultConfig returns the module's defaults: /metrics on the app port,
// the Prometheus client's duration buckets, the Go and process collectors.
func DefaultConfig() Config {
	return Config{
		Path:             "/metrics",
		Buckets:          []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		SizeBuckets:      []float64{100, 1e3, 1e4, 1e5, 1e6, 1e7},
		ScheduleBuckets:  []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300, 900, 3600},
		QueueBuckets:     []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300, 900, 3600},
		MaxClientHosts:   100,
		GoCollector:      true,
		ProcessCollector: true,
	}
}

// Validate refuses a config that cannot work: a Path that is not an
// absolute path or would hide the home page, an Addr that is not
// host:port, a Namespace that is not a metric name, bucket lists that are
// empty or not increasing, MaxClientHosts below 1. The error names the
// field and says what to set.
func (c *Config) Validate() error {
	switch p := c.Path; {
	case !strings.HasPrefix(p, "/"):
		return egg.InvalidConfig("Path", `must be an absolute path, e.g. PROMETHEUS_PATH=/metrics`)
	case p == "/" || strings.Trim(p, "/") == "":
		return egg.InvalidConfig("Path", `"/" would answer the app's home page with metrics; use a path of its own, e.g. PROMETHEUS_PATH=/metrics`)
	case strings.HasSuffix(p, "/"):
		return egg.InvalidConfig("Path", fmt.Sprintf("drop the trailing slash (%q is served with and without it), e.g. PROMETHEUS_PATH=%s",
			p, strings.TrimRight(p, "/")))
	case strings.ContainsAny(p, "?#{}* \t\r\n"):
		return egg.InvalidConfig("Path", `is compared with the request path as it is: no query, fragment, spaces or route patterns, e.g. PROMETHEUS_PATH=/metrics`)
	}
	if c.Addr != "" {
		_, port, err := net.SplitHostPort(c.Addr)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
			return egg.InvalidConfig("Addr", `must be host:port, e.g. PROMETHEUS_ADDR=127.0.0.1:9464 (or :9464 for every interface), or empty to serve on the app port`)
		}
	}
	if c.Namespace != "" && !isMetricName(c.Namespace) {
		return egg.InvalidConfig("Namespace", `must be letters, digits and '_', not starting with a digit, e.g. PROMETHEUS_NAMESPACE=shop`)
	}
	for _, b := range []struct {
		field, env, example string
		v                   []float64
	}{
		{"Buckets", "PROMETHEUS_BUCKETS", "0.01,0.05,0.1,0.5,1,5", c.Buckets},
		{"SizeBuckets", "PROMETHEUS_SIZE_BUCKETS", "100,1000,10000,100000,1000000", c.SizeBuckets},
		{"ScheduleBuckets", "PROMETHEUS_SCHEDULE_BUCKETS", "0.1,1,10,60,600", c.ScheduleBuckets},
		{"QueueBuckets", "PROMETHEUS_QUEUE_BUCKETS", "0.1,1,10,60,600", c.QueueBuckets},
	} {
		if reason := checkBuckets(b.v); reason != "" {
			return egg.InvalidConfig(b.field, fmt.Sprintf("%s; list increasing upper bounds, e.g. %s=%s", reason, b.env, b.example))
		}
	}
	if c.MaxClientHosts < 1 {
		return egg.InvalidConfig("MaxClientHosts", `must be at least 1, e.g. PROMETHEUS_MAX_CLIENT_HOSTS=100`)
	}
	return nil
}

// checkBuckets returns why bs cannot be histogram bounds, or "".
func checkBuckets(bs []float64) string {
	if len(bs) == 0 {
		return "is empty"
	}
	for i, b := range bs {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return fmt.Sprintf("bound %v is not a finite number (the +Inf bucket is always there)", b)
		}
		if i > 0 && b <= bs[i-1] {
			return fmt.Sprintf("bound %v does not exceed the one before it (%v)", b, bs[i-1])
		}
	}
	return ""
}

// isMetricName reports whether s is a metric name in the classic
// character set, without ':' (kept for recording rules).
func isMetricName(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b == '_' || ('a' <= b|0x20 && b|0x20 <= 'z') || (i > 0 && '0' <= b && b <= '9') {
			continue
		}
		return false
	}
	return s != ""
}
