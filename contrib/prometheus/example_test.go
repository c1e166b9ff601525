package prometheus_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/go-chi/chi/v5"
	prom "github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
)

// printMetrics prints the exposition lines of h's metrics that start
// with prefix.
func printMetrics(h http.Handler, prefix string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	sc := bufio.NewScanner(w.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), prefix) {
			fmt.Println(sc.Text())
		}
	}
}

// Add the module: every request is counted by its route pattern, and the
// metrics are served at /metrics (PROMETHEUS_ADDR=127.0.0.1:9464 moves
// them to a listener of their own).
func Example() {
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		prometheus.Module,
		egg.Routes(func(r *egg.Router) {
			r.Get("/api/users/:id", func(c *egg.Ctx) error { return c.Text(200, "user "+c.Param("id")) }).Name("user")
		}))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	for _, path := range []string{"/api/users/1", "/api/users/2", "/nowhere"} {
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	printMetrics(app, "http_server_requests_total{")
	// Output:
	// http_server_requests_total{method="GET",pattern="/api/users/{id}",route="user",status="2xx"} 2
	// http_server_requests_total{method="GET",pattern="<unmatched>",route="",status="4xx"} 1
}

// A module adds its own metrics with Collector: the collector is
// registered in the app's registry when the app starts and unregistered
// when it stops.
func ExampleCollector() {
	type Queue struct{ Waiting int }
	jobs := egg.Module("jobs",
		fx.Supply(&Queue{Waiting: 3}),
		prometheus.Collector(func(q *Queue) prom.Collector {
			return prom.NewGaugeFunc(prom.GaugeOpts{Name: "jobs_waiting", Help: "Jobs waiting."},
				func() float64 { return float64(q.Waiting) })
		}),
	)
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), prometheus.Module, jobs)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())
	printMetrics(app, "jobs_waiting")
	// Output:
	// jobs_waiting 3
}

// Without egg: New, the middleware inside a chi router (for the route
// pattern), and the handler it serves at /metrics.
func ExampleNew() {
	m, err := prometheus.New(prometheus.DefaultConfig(), nil)
	if err != nil {
		panic(err)
	}
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "item") })

	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/items/42", nil))
	printMetrics(r, "http_server_requests_total{")
	// Output:
	// http_server_requests_total{method="GET",pattern="/items/{id}",route="",status="2xx"} 1
}
