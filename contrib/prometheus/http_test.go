package prometheus_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules"
	dto "github.com/prometheus/client_model/go"
)

const requests = "http_server_requests_total"

// The Done-means test: two users, one series labelled by the route
// pattern and name; the raw paths appear nowhere in the scrape.
func TestRoutePatternNotPath(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users)
	app.GET("/api/users/1").Do().Status(200)
	app.GET("/api/users/2").Do().Status(200)

	mfs := scrape(t, app, "/metrics")
	got := seriesOf(mfs, requests)
	want := []string{"method=GET,pattern=/api/users/{id},route=user,status=2xx"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("%s series = %v, want exactly %v", requests, got, want)
	}
	expect(t, mfs, requests, want[0], 2)
	expect(t, mfs, "http_server_request_duration_seconds", want[0], 2)
	expect(t, mfs, "http_server_response_size_bytes", want[0], 2)
	for name, mf := range mfs {
		for _, m := range mf.GetMetric() {
			if l := labels(m); strings.Contains(l, "/api/users/1") || strings.Contains(l, "/api/users/2") {
				t.Errorf("%s has a raw path in its labels: %s", name, l)
			}
		}
	}
}

// Unmatched requests share one fixed label, whatever their path; a 405
// carries the pattern of the route whose path matched; made-up methods
// are OTHER.
func TestUnmatchedAndMethodNotAllowed(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users)
	app.GET("/nope").Do().Status(404)
	app.GET("/also/nope/" + strings.Repeat("x", 50)).Do().Status(404)
	app.POST("/api/users/7").Do().Status(405)
	app.Request("BREW", "/api/users").Do().Status(405)
	app.Request("BREW", "/teapot").Do().Status(405) // chi refuses unknown methods everywhere

	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, requests, "method=GET,pattern=<unmatched>,route=,status=4xx", 2)
	expect(t, mfs, requests, "method=POST,pattern=/api/users/{id},route=,status=4xx", 1)
	expect(t, mfs, requests, "method=OTHER,pattern=/api/users,route=,status=4xx", 1)
	expect(t, mfs, requests, "method=OTHER,pattern=<unmatched>,route=,status=4xx", 1)
	if n := len(seriesOf(mfs, requests)); n != 4 {
		t.Errorf("%d series, want 4: %v", n, seriesOf(mfs, requests))
	}
}

// Status classes come from what egg sent: a handler's error, a 500, a
// panic (rendered 500), a 204 from a route without a name.
func TestStatusClasses(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users)
	app.GET("/api/users/0").Do().Status(404)
	app.GET("/fail").Do().Status(500)
	app.GET("/boom").Do().Status(500)
	app.DELETE("/api/users/3").Do().Status(204)
	app.POST("/api/users").Do().Status(201)
	app.HEAD("/api/users/4").Do().Status(200)
	app.GET("/api/users").Do().Status(200)

	mfs := scrape(t, app, "/metrics")
	for _, want := range []string{
		"method=GET,pattern=/api/users/{id},route=user,status=4xx",
		"method=GET,pattern=/fail,route=,status=5xx",
		"method=GET,pattern=/boom,route=,status=5xx",
		"method=DELETE,pattern=/api/users/{id},route=,status=2xx",
		"method=POST,pattern=/api/users,route=users.create,status=2xx",
		"method=HEAD,pattern=/api/users/{id},route=user,status=2xx",
		"method=GET,pattern=/api/users,route=users,status=2xx",
	} {
		expect(t, mfs, requests, want, 1)
	}
}

// The response size is the body as written; the histogram uses
// SizeBuckets.
func TestResponseSize(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users)
	app.GET("/bytes/1500").Do().Status(200)
	app.GET("/bytes/20").Do().Status(200)

	h := histogram(t, scrape(t, app, "/metrics"), "http_server_response_size_bytes", "method=GET,pattern=/bytes/{n},route=,status=2xx")
	if h.GetSampleCount() != 2 || h.GetSampleSum() != 1520 {
		t.Fatalf("count %d sum %v, want 2 and 1520", h.GetSampleCount(), h.GetSampleSum())
	}
	want := map[float64]uint64{100: 1, 1000: 1, 1e4: 2, 1e7: 2}
	for _, b := range h.GetBucket() {
		if n, ok := want[b.GetUpperBound()]; ok && b.GetCumulativeCount() != n {
			t.Errorf("bucket le=%v holds %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), n)
		}
	}
}

// A mount is labelled by its pattern and name, not by the file asked for.
func TestMountPattern(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users)
	app.GET("/files/a.txt").Do().Status(200).BodyEquals("file a")
	app.GET("/files/missing.txt").Do().Status(404)

	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, requests, "method=GET,pattern=/files/*,route=files,status=2xx", 1)
	expect(t, mfs, requests, "method=GET,pattern=/files/*,route=files,status=4xx", 1)
}

// The scrape is served before the router and is not in the HTTP metrics;
// promhttp's own counter has it. A trailing slash and HEAD work; other
// methods reach the app.
func TestScrapeNotCounted(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users)
	scrape(t, app, "/metrics")
	scrape(t, app, "/metrics/")
	app.HEAD("/metrics").Do().Status(200)
	app.POST("/metrics").Do().Status(404)

	mfs := scrape(t, app, "/metrics")
	if got := seriesOf(mfs, requests); len(got) != 1 || got[0] != "method=POST,pattern=<unmatched>,route=,status=4xx" {
		t.Errorf("%s = %v, want only the POST", requests, got)
	}
	// promhttp counts the scrapes before this one (two GETs, one HEAD)
	expect(t, mfs, "promhttp_metric_handler_requests_total", "code=200", 3)
	for _, name := range []string{"go_goroutines", "process_start_time_seconds", "http_server_requests_in_flight"} {
		if mfs[name] == nil {
			t.Errorf("%s is missing", name)
		}
	}
}

// The in-flight gauge counts requests being served, and not the scrape
// that reads it.
func TestInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	app := eggtest.New(t, prometheus.Module, egg.Routes(func(r *egg.Router) {
		r.Get("/slow", func(c *egg.Ctx) error {
			entered <- struct{}{}
			<-release
			return c.Text(200, "done")
		})
	}))
	var wg sync.WaitGroup
	wg.Go(func() { app.GET("/slow").Do().Status(200) })
	<-entered
	expect(t, scrape(t, app, "/metrics"), "http_server_requests_in_flight", "", 1)
	close(release)
	wg.Wait()
	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, "http_server_requests_in_flight", "", 0)
	expect(t, mfs, requests, "method=GET,pattern=/slow,route=,status=2xx", 1)
}

// Egg's middleware options apply: ignored paths are not measured (the
// scrape still works), a disabled middleware measures nothing and leaves
// the path to the app.
func TestMiddlewareOptions(t *testing.T) {
	t.Run("ignore", func(t *testing.T) {
		app := eggtest.New(t, prometheus.Module, users, egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{prometheus.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/api")}}}
		}))
		app.GET("/api/users/1").Do().Status(200)
		app.GET("/fail").Do().Status(500)
		if got := seriesOf(scrape(t, app, "/metrics"), requests); len(got) != 1 || !strings.Contains(got[0], "pattern=/fail") {
			t.Errorf("series = %v, want /fail only", got)
		}
	})
	t.Run("disable", func(t *testing.T) {
		app := eggtest.New(t, prometheus.Module, users, egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{prometheus.Name: {Disable: true}}
		}))
		app.GET("/metrics").Do().Status(404)
	})
}

// The middleware is the outermost: it is first in the chain.
func TestFirstInChain(t *testing.T) {
	app := eggtest.New(t, users, prometheus.Module, egg.Module("other",
		egg.Middleware("other", func(next http.Handler) http.Handler { return next }),
		egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "other") })))
	if mw := app.Middleware(); len(mw) == 0 || mw[0] != prometheus.Name {
		t.Fatalf("middleware = %v, want %q first", mw, prometheus.Name)
	}
}

// Two apps in one process have a registry each: nothing one records
// shows in the other, and both register the Go and process collectors.
func TestTwoAppsDoNotCollide(t *testing.T) {
	a := eggtest.New(t, prometheus.Module, users)
	b := eggtest.New(t, prometheus.Module, users)
	a.GET("/api/users/1").Do().Status(200)
	a.GET("/api/users/2").Do().Status(200)
	b.GET("/api/users").Do().Status(200)

	ma, mb := scrape(t, a, "/metrics"), scrape(t, b, "/metrics")
	expect(t, ma, requests, "method=GET,pattern=/api/users/{id},route=user,status=2xx", 2)
	expect(t, mb, requests, "method=GET,pattern=/api/users,route=users,status=2xx", 1)
	if got := seriesOf(mb, requests); len(got) != 1 {
		t.Errorf("app b has %v, want only its own request", got)
	}
	for _, mfs := range []map[string]*dto.MetricFamily{ma, mb} {
		if mfs["go_goroutines"] == nil || mfs["process_start_time_seconds"] == nil {
			t.Error("an app lacks the Go or process metrics")
		}
	}
}

// Namespace prefixes the module's metrics, not the standard ones; the
// collectors can be turned off.
func TestNamespaceAndCollectors(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, users, egg.Configure(func(c *prometheus.Config) {
		c.Namespace = "shop"
		c.GoCollector, c.ProcessCollector = false, false
	}))
	app.GET("/api/users/1").Do().Status(200)
	mfs := scrape(t, app, "/metrics")
	expect(t, mfs, "shop_"+requests, "method=GET,pattern=/api/users/{id},route=user,status=2xx", 1)
	for name := range mfs {
		if strings.HasPrefix(name, "go_") || strings.HasPrefix(name, "process_") {
			t.Errorf("%s exported with the collectors off", name)
		}
	}
}

// A route the metrics would hide fails start-up naming it and the fix;
// it is fine once the metrics move or the middleware is off.
func TestRouteShadowedByMetrics(t *testing.T) {
	mine := egg.Routes(func(r *egg.Router) {
		r.Get("/metrics", func(c *egg.Ctx) error { return c.Text(200, "my metrics") })
	})
	_, err := eggtest.Start(t, prometheus.Module, mine)
	if err == nil {
		t.Fatal("start-up succeeded with a route at /metrics")
	}
	for _, want := range []string{`module "prometheus" DidLoad failed`, "route GET /metrics", "would never run", "PROMETHEUS_PATH=", "PROMETHEUS_ADDR="} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	app := eggtest.New(t, prometheus.Module, mine, egg.Configure(func(c *prometheus.Config) { c.Path = "/internal/metrics" }))
	app.GET("/metrics").Do().Status(200).BodyEquals("my metrics")
	scrape(t, app, "/internal/metrics")
	app = eggtest.New(t, prometheus.Module, mine, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{prometheus.Name: {Disable: true}}
	}))
	app.GET("/metrics").Do().Status(200).BodyEquals("my metrics")
}

// With egg's default stack the middleware is the outermost: the scrape
// is answered before meta, security and the rest (no X-Readtime, no
// security headers), while app requests go through all of them.
func TestWithDefaultStack(t *testing.T) {
	app := eggtest.New(t, modules.Default(), prometheus.Module, users)
	if mw := app.Middleware(); mw[0] != prometheus.Name {
		t.Fatalf("middleware = %v, want %q first", mw, prometheus.Name)
	}
	app.GET("/api/users/1").Do().Status(200).HeaderContains("X-Readtime", "").HeaderContains("X-Content-Type-Options", "nosniff")
	res := do(t, app, "GET", "/metrics")
	if res.StatusCode != 200 || res.Header.Get("X-Readtime") != "" || res.Header.Get("X-Content-Type-Options") != "" {
		t.Errorf("scrape: %d, headers %v: want 200 without the stack's headers", res.StatusCode, res.Header)
	}
	expect(t, scrape(t, app, "/metrics"), requests, "method=GET,pattern=/api/users/{id},route=user,status=2xx", 1)
}
