package prometheus_test

import (
	"math"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
)

func TestDefaultConfigIsValid(t *testing.T) {
	cfg := prometheus.DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}

// Each bad value fails start-up naming the field and showing a fix.
func TestConfigRefused(t *testing.T) {
	for _, c := range []struct {
		name  string
		set   func(*prometheus.Config)
		field string
		hint  string
	}{
		{"relative path", func(c *prometheus.Config) { c.Path = "metrics" }, "Path", "PROMETHEUS_PATH=/metrics"},
		{"root path", func(c *prometheus.Config) { c.Path = "/" }, "Path", "home page"},
		{"trailing slash", func(c *prometheus.Config) { c.Path = "/metrics/" }, "Path", "PROMETHEUS_PATH=/metrics"},
		{"pattern in path", func(c *prometheus.Config) { c.Path = "/metrics/{x}" }, "Path", "route patterns"},
		{"query in path", func(c *prometheus.Config) { c.Path = "/metrics?x=1" }, "Path", "no query"},
		{"addr without port", func(c *prometheus.Config) { c.Addr = "127.0.0.1" }, "Addr", "PROMETHEUS_ADDR=127.0.0.1:9464"},
		{"addr bad port", func(c *prometheus.Config) { c.Addr = "127.0.0.1:http" }, "Addr", "host:port"},
		{"addr port too big", func(c *prometheus.Config) { c.Addr = ":70000" }, "Addr", "host:port"},
		{"namespace", func(c *prometheus.Config) { c.Namespace = "my-shop" }, "Namespace", "PROMETHEUS_NAMESPACE=shop"},
		{"namespace digit", func(c *prometheus.Config) { c.Namespace = "1shop" }, "Namespace", "not starting with a digit"},
		{"no buckets", func(c *prometheus.Config) { c.Buckets = nil }, "Buckets", "is empty"},
		{"decreasing buckets", func(c *prometheus.Config) { c.Buckets = []float64{1, 0.5} }, "Buckets", "does not exceed"},
		{"equal buckets", func(c *prometheus.Config) { c.SizeBuckets = []float64{1, 1} }, "SizeBuckets", "PROMETHEUS_SIZE_BUCKETS="},
		{"NaN bucket", func(c *prometheus.Config) { c.ScheduleBuckets = []float64{math.NaN()} }, "ScheduleBuckets", "not a finite number"},
		{"queue buckets", func(c *prometheus.Config) { c.QueueBuckets = []float64{5, 1} }, "QueueBuckets", "PROMETHEUS_QUEUE_BUCKETS="},
		{"Inf bucket", func(c *prometheus.Config) { c.Buckets = []float64{1, math.Inf(1)} }, "Buckets", "+Inf bucket is always there"},
		{"no hosts", func(c *prometheus.Config) { c.MaxClientHosts = 0 }, "MaxClientHosts", "at least 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := eggtest.Start(t, prometheus.Module, egg.Configure(c.set))
			if err == nil {
				t.Fatal("start-up succeeded")
			}
			if !strings.Contains(err.Error(), c.field) || !strings.Contains(err.Error(), c.hint) {
				t.Errorf("error %q: want it to name %s and contain %q", err, c.field, c.hint)
			}
			cfg := prometheus.DefaultConfig()
			c.set(&cfg)
			if _, err := prometheus.New(cfg, nil); err == nil {
				t.Error("New accepted the config")
			}
		})
	}
}

// Bucket lists come from the environment, comma-separated.
func TestConfigFromEnv(t *testing.T) {
	t.Setenv("PROMETHEUS_BUCKETS", "0.1,1")
	t.Setenv("PROMETHEUS_NAMESPACE", "shop")
	app := eggtest.New(t, prometheus.Module, users)
	app.GET("/api/users/1").Do().Status(200)
	h := histogram(t, scrape(t, app, "/metrics"), "shop_http_server_request_duration_seconds",
		"method=GET,pattern=/api/users/{id},route=user,status=2xx")
	var bounds []float64
	for _, b := range h.GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	if len(bounds) != 3 || bounds[0] != 0.1 || bounds[1] != 1 || !math.IsInf(bounds[2], 1) {
		t.Errorf("bucket bounds = %v, want [0.1 1 +Inf]", bounds)
	}
}
