// Package prometheus is egg-prometheus and egg-exporter for egg for Go:
// Prometheus metrics for an egg app, on github.com/prometheus/client_golang,
// in a registry of the app's own.
//
// # Measure the app
//
// Add the module:
//
//	egg.Run(modules.Default(), prometheus.Module, app.Module)
//
// and scrape http://host:7001/metrics. Every request is counted by its
// route pattern and route name, never its raw path, so /api/users/1 and
// /api/users/2 are one series:
//
//	http_server_requests_total{method="GET",pattern="/api/users/{id}",route="user",status="2xx"} 2
//	http_server_request_duration_seconds_bucket{...,le="0.005"} 2
//	http_server_response_size_bytes_bucket{...,le="100"} 2
//	http_server_requests_in_flight 0
//
// Requests no route matched share pattern="<unmatched>"; a 405 carries the
// pattern whose path matched; methods outside the standard ones are
// method="OTHER"; status is the class (1xx to 5xx). The go_* and process_*
// metrics come too (Config.GoCollector, Config.ProcessCollector).
//
// # Keep the metrics off the public port
//
//	PROMETHEUS_ADDR=127.0.0.1:9464 ./server
//
// serves /metrics on a listener of its own, opened in WillReady and closed
// in BeforeClose; the app port then leaves /metrics to the app. On the app
// port the middleware answers the scrape first in the chain: before CSRF,
// sessions and the app's middleware, and not counted in the HTTP metrics
// (promhttp_metric_handler_requests_total counts scrapes).
//
// # Schedules and outbound calls
//
// With the schedule module, every run is counted when it ends, with its
// duration, failures (an error or a panic) and skipped ticks by reason:
//
//	schedule_runs_total{schedule="report"} 12
//	schedule_run_failures_total{schedule="report"} 1
//	schedule_skipped_total{reason="overlap",schedule="report"} 3
//
// With the httpclient module, every call through the app's client is
// counted by host, method and status class (error: no response):
//
//	http_client_requests_total{host="api.example.com",method="GET",status="2xx"} 40
//
// # Your own metrics
//
// Provide collectors to the app; they are registered when it starts and
// unregistered when it stops:
//
//	var Module = egg.Module("jobs",
//		prometheus.Collector(func(q *Queue) prom.Collector {
//			return prom.NewGaugeFunc(prom.GaugeOpts{Name: "jobs_waiting", Help: "Jobs waiting."},
//				func() float64 { return float64(q.Len()) })
//		}),
//	)
//
// or inject *prometheus.Registry (client_golang's) and register into it.
//
// # Without egg
//
// New makes the same metrics for any net/http server: put Metrics.Middleware
// inside a chi router for the pattern label, serve Metrics.Handler, and pass
// Metrics.ObserveRun and Metrics.ObserveCall to the schedule and httpclient
// hooks.
package prometheus
