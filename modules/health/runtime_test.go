package health

import (
	"math"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestQuantile(t *testing.T) {
	inf := math.Inf(1)
	h := &metrics.Float64Histogram{
		Buckets: []float64{0, 0.001, 0.002, 0.004, inf},
		Counts:  []uint64{50, 40, 9, 1},
	}
	tests := []struct {
		q    float64
		want float64
	}{{0.5, 0.001}, {0.9, 0.002}, {0.99, 0.004}, {1, 0.004}, {0, 0.001}}
	for _, tt := range tests {
		if got := quantile(h, tt.q); got != tt.want {
			t.Errorf("q%v = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := quantile(&metrics.Float64Histogram{Buckets: []float64{0, 1}, Counts: []uint64{0}}, 0.5); got != 0 {
		t.Errorf("empty: %v", got)
	}
	if got := millis(0.0012345); got != 1.235 && got != 1.234 {
		t.Errorf("millis: %v", got)
	}
}

// ReadRuntime reads every metric it names: a renamed metric in a future
// Go would leave zeros.
func TestReadRuntime(t *testing.T) {
	runtime.GC()
	s := ReadRuntime(time.Now().Add(-time.Minute))
	if s.GCCycles == 0 || s.HeapBytes == 0 || s.HeapGoalBytes == 0 || s.MemoryBytes == 0 || s.UptimeSeconds < 60 ||
		s.GCPauseMaxMillis < s.GCPauseP99Millis || s.GCPauseP99Millis < s.GCPauseP50Millis || s.GCPauseMaxMillis <= 0 {
		t.Errorf("%+v", s)
	}
	known := map[string]bool{}
	for _, d := range metrics.All() {
		known[d.Name] = true
	}
	for _, name := range []string{metricHeap, metricHeapGoal, metricMemory, metricGCCycles, metricGCPauses} {
		if !known[name] {
			t.Errorf("runtime/metrics has no %s", name)
		}
	}
}

// BenchmarkReadRuntime is the cost of ?verbose.
func BenchmarkReadRuntime(b *testing.B) {
	start := time.Now()
	for b.Loop() {
		ReadRuntime(start)
	}
}
