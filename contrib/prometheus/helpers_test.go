package prometheus_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// users is the app under test: a small API with named routes, a route
// that panics, one that writes a known number of bytes, and a mount.
var users = egg.Module("users", egg.Routes(func(r *egg.Router) {
	r.Get("/api/users", func(c *egg.Ctx) error { return c.Text(200, "all") }).Name("users")
	r.Post("/api/users", func(c *egg.Ctx) error { return c.Text(201, "created") }).Name("users.create")
	r.Get("/api/users/:id", func(c *egg.Ctx) error {
		if c.Param("id") == "0" {
			return egg.NewError(http.StatusNotFound, "", "no such user")
		}
		return c.Text(200, "user "+c.Param("id"))
	}).Name("user")
	r.Delete("/api/users/:id", func(c *egg.Ctx) error { return c.NoContent(204) })
	r.Get("/bytes/:n", func(c *egg.Ctx) error {
		n, err := c.ParamInt("n")
		if err != nil {
			return err
		}
		return c.Text(200, strings.Repeat("x", n))
	})
	r.Get("/boom", func(*egg.Ctx) error { panic("boom") })
	r.Get("/fail", func(*egg.Ctx) error { return fmt.Errorf("database down") })
	r.Mount("/files", http.StripPrefix("/files", http.FileServerFS(testFS))).Name("files")
}))

// scrape gets the metrics through h (an app or a listener) as Prometheus
// would, and parses them.
func scrape(t *testing.T, h http.Handler, path string) map[string]*dto.MetricFamily {
	t.Helper()
	res := do(t, h, http.MethodGet, path)
	if res.StatusCode != 200 {
		t.Fatalf("scrape %s: status %d", path, res.StatusCode)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("scrape %s: the exposition does not parse: %v", path, err)
	}
	return mfs
}

// do serves one request through h in memory and returns the response.
func do(t *testing.T, h http.Handler, method, target string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, "http://example.com"+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &recorder{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status == 0 {
		w.status = 200
	}
	return &http.Response{StatusCode: w.status, Header: w.header, Body: io.NopCloser(strings.NewReader(w.body.String()))}
}

// recorder is a minimal http.ResponseWriter for in-memory requests.
type recorder struct {
	header http.Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.body.Write(b)
}

// get fetches url with a real client and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// labels is a label set written k=v,k=v for compact tests.
func labels(m *dto.Metric) string {
	var out []string
	for _, lp := range m.GetLabel() {
		out = append(out, lp.GetName()+"="+lp.GetValue())
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// seriesOf returns the label sets of a family, sorted; none if absent.
func seriesOf(mfs map[string]*dto.MetricFamily, name string) []string {
	var out []string
	for _, m := range mfs[name].GetMetric() {
		out = append(out, labels(m))
	}
	slices.Sort(out)
	return out
}

// value returns the value of the series of name with exactly the label
// set want (written as labels writes it): a counter or gauge value, or a
// histogram's sample count. ok is false when there is no such series.
func value(mfs map[string]*dto.MetricFamily, name, want string) (v float64, ok bool) {
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

// histogram returns the histogram of name with the label set want.
func histogram(t *testing.T, mfs map[string]*dto.MetricFamily, name, want string) *dto.Histogram {
	t.Helper()
	for _, m := range mfs[name].GetMetric() {
		if labels(m) == want {
			return m.GetHistogram()
		}
	}
	t.Fatalf("%s{%s} is missing; series: %v", name, want, seriesOf(mfs, name))
	return nil
}

// expect fails unless the series of name with label set want has value v.
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

// testFS is what the /files mount serves.
var testFS = fstest.MapFS{"a.txt": {Data: []byte("file a")}}

// scrapeURL scrapes a real listener.
func scrapeURL(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("scrape %s: status %d", url, res.StatusCode)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("scrape %s: %v", url, err)
	}
	return mfs
}
