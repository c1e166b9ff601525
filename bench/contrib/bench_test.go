package contrib_test

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map,
// so that the allocations counted are egg's and the contribs', not a
// recorder's (as in bench/bench_test.go).
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(int)             {}

// BenchmarkObservability is GET /hello ("Hello World") through egg's
// default stack, without and with each contrib; the difference to
// /default is what the contrib costs per request. Spans go to an
// exporter that drops them, so the cost is egg's and the SDK's, not an
// exporter's I/O. Each variant first checks its answer. Like
// bench/bench_test.go it reports live-heap-B, which instructions.sh
// reads.
func BenchmarkObservability(b *testing.B) {
	for _, v := range variants() {
		b.Run(v.name, func(b *testing.B) {
			app := start(b, v.opts(tracetest.NewNoopExporter())...)
			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/hello", nil))
			if w.Code != http.StatusOK || w.Body.String() != "Hello World" {
				b.Fatalf("GET /hello: %d %q", w.Code, w.Body.String())
			}
			r := httptest.NewRequest(http.MethodGet, "/hello", nil)
			s := &sink{h: http.Header{}}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				app.ServeHTTP(s, r)
				clear(s.h)
			}
			b.StopTimer()
			runtime.GC()
			m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			metrics.Read(m)
			if m[0].Value.Kind() == metrics.KindUint64 {
				b.ReportMetric(float64(m[0].Value.Uint64()), "live-heap-B")
			}
		})
	}
}
