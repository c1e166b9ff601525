package main

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	siteschedule "github.com/egg-go/egg/_examples/site/app/schedule"
	"github.com/egg-go/egg/modules/schedule"
	"go.uber.org/fx"
)

func TestHeartbeatIsScheduled(t *testing.T) {
	var s *schedule.Scheduler
	newApp(t, fx.Populate(&s))
	for _, in := range s.List() {
		if in.Name != "heartbeat" {
			continue
		}
		if in.Spec != "every 1s" || in.Type != schedule.Worker || !in.Immediate || !in.Enabled {
			t.Errorf("heartbeat = %+v, want every 1s, worker, immediate, enabled", in)
		}
		return
	}
	t.Fatalf("no schedule named heartbeat in %+v", s.List())
}

// heartbeatCounts returns the count=N of every "heartbeat" line logged.
func heartbeatCounts(lines []string) []int {
	re := regexp.MustCompile(`level=INFO msg=heartbeat .*\bcount=(\d+)`)
	var out []int
	for _, l := range lines {
		if m := re.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
	}
	return out
}

func TestHeartbeatLogsACounter(t *testing.T) {
	var s *schedule.Scheduler
	var h *siteschedule.Heartbeat
	app := newApp(t, fx.Populate(&s, &h))
	for range 3 {
		if err := s.RunNow(t.Context(), "heartbeat"); err != nil {
			t.Fatalf("RunNow(heartbeat): %v", err)
		}
	}
	// the immediate run at start-up and the ticks may have run too, on
	// their own goroutines: the counts logged are 1, 2, 3, ... in some
	// order, whatever ran, and RunNow added three
	counts := heartbeatCounts(app.Logs())
	slices.Sort(counts)
	if len(counts) < 3 {
		t.Fatalf("%d heartbeat lines logged after 3 runs, want at least 3:\n%q", len(counts), app.Logs())
	}
	for i, n := range counts {
		if n != i+1 {
			t.Fatalf("heartbeat counts logged = %v, want 1, 2, 3, ...", counts)
		}
	}
	if got := h.Count(); got < 3 || got < int64(len(counts)) {
		t.Errorf("Heartbeat.Count() = %d after %d logged beats", got, len(counts))
	}
}

func TestHeartbeatStartsImmediately(t *testing.T) {
	app := newApp(t)
	deadline := time.Now().Add(5 * time.Second)
	for len(heartbeatCounts(app.Logs())) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no heartbeat logged within 5s of start-up:\n%q", app.Logs())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// pulses records the beats handed to the Pulse seam.
type pulses struct {
	mu     sync.Mutex
	counts []int64
}

func (p *pulses) Beat(_ context.Context, n int64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts = append(p.counts, n)
	return nil
}

func TestHeartbeatFeedsThePulse(t *testing.T) {
	p := &pulses{}
	var s *schedule.Scheduler
	newApp(t, fx.Provide(func() siteschedule.Pulse { return p }), fx.Populate(&s))
	if err := s.RunNow(t.Context(), "heartbeat"); err != nil {
		t.Fatalf("RunNow(heartbeat): %v", err)
	}
	p.mu.Lock()
	got := slices.Sorted(slices.Values(p.counts))
	p.mu.Unlock()
	if len(got) == 0 {
		t.Fatal("the Pulse got no beat")
	}
	for i, n := range got {
		if n != int64(i+1) {
			t.Fatalf("the Pulse got beats %v, want each of 1, 2, ... once", got)
		}
	}
}
