package health

import (
	"math"
	"runtime"
	"runtime/metrics"
	"time"
)

// RuntimeStats is a snapshot of the Go runtime, read through
// runtime/metrics (no stop-the-world, unlike runtime.ReadMemStats), for
// the verbose health bodies.
type RuntimeStats struct {
	UptimeSeconds float64 `json:"uptime_seconds"`
	GoVersion     string  `json:"go_version"`
	GOMAXPROCS    int     `json:"gomaxprocs"`
	Goroutines    int     `json:"goroutines"`
	// HeapBytes is the memory of live and not yet swept heap objects.
	HeapBytes uint64 `json:"heap_bytes"`
	// HeapGoalBytes is the heap size at which the next GC cycle ends.
	HeapGoalBytes uint64 `json:"heap_goal_bytes"`
	// MemoryBytes is all memory the runtime has mapped from the OS.
	MemoryBytes uint64 `json:"memory_bytes"`
	GCCycles    uint64 `json:"gc_cycles"`
	// GC stop-the-world pauses since the process started: the median,
	// the 99th percentile and the longest, in milliseconds (upper bounds
	// of the runtime's histogram buckets).
	GCPauseP50Millis float64 `json:"gc_pause_p50_ms"`
	GCPauseP99Millis float64 `json:"gc_pause_p99_ms"`
	GCPauseMaxMillis float64 `json:"gc_pause_max_ms"`
}

// runtime/metrics names read by ReadRuntime.
const (
	metricHeap     = "/memory/classes/heap/objects:bytes"
	metricHeapGoal = "/gc/heap/goal:bytes"
	metricMemory   = "/memory/classes/total:bytes"
	metricGCCycles = "/gc/cycles/total:gc-cycles"
	metricGCPauses = "/sched/pauses/total/gc:seconds"
)

// ReadRuntime reads a RuntimeStats; uptime counts from start.
func ReadRuntime(start time.Time) RuntimeStats {
	samples := []metrics.Sample{{Name: metricHeap}, {Name: metricHeapGoal}, {Name: metricMemory}, {Name: metricGCCycles}, {Name: metricGCPauses}}
	metrics.Read(samples)
	s := RuntimeStats{
		UptimeSeconds: math.Round(time.Since(start).Seconds()*1000) / 1000,
		GoVersion:     runtime.Version(),
		GOMAXPROCS:    runtime.GOMAXPROCS(0),
		Goroutines:    runtime.NumGoroutine(),
	}
	for _, m := range samples {
		switch m.Value.Kind() {
		case metrics.KindUint64:
			v := m.Value.Uint64()
			switch m.Name {
			case metricHeap:
				s.HeapBytes = v
			case metricHeapGoal:
				s.HeapGoalBytes = v
			case metricMemory:
				s.MemoryBytes = v
			case metricGCCycles:
				s.GCCycles = v
			}
		case metrics.KindFloat64Histogram:
			h := m.Value.Float64Histogram()
			s.GCPauseP50Millis = millis(quantile(h, 0.5))
			s.GCPauseP99Millis = millis(quantile(h, 0.99))
			s.GCPauseMaxMillis = millis(quantile(h, 1))
		}
	}
	return s
}

// quantile is the upper bound of the bucket holding quantile q of h (a
// finite bound: the last bucket's lower one when it is open), 0 when h is
// empty.
func quantile(h *metrics.Float64Histogram, q float64) float64 {
	var total uint64
	for _, c := range h.Counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	target := uint64(math.Ceil(q * float64(total)))
	if target == 0 {
		target = 1
	}
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= target {
			if hi := h.Buckets[i+1]; !math.IsInf(hi, 1) {
				return hi
			}
			return h.Buckets[i]
		}
	}
	return 0
}

func millis(seconds float64) float64 { return math.Round(seconds*1e6) / 1e3 }
