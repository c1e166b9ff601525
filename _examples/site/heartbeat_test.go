package main

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
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

// stillHeartbeat keeps the heartbeat from ticking (and from its
// immediate run), so that only RunNow runs it: Config.Disable, which
// SCHEDULE_DISABLE=heartbeat sets in a deployment.
var stillHeartbeat = egg.Configure(func(c *schedule.Config) { c.Disable = []string{siteschedule.HeartbeatName} })

func TestHeartbeatLogsACounter(t *testing.T) {
	var s *schedule.Scheduler
	var h *siteschedule.Heartbeat
	app := newApp(t, stillHeartbeat, fx.Populate(&s, &h))
	for range 3 {
		if err := s.RunNow(t.Context(), "heartbeat"); err != nil {
			t.Fatalf("RunNow(heartbeat): %v", err)
		}
	}
	if counts := heartbeatCounts(app.Logs()); !slices.Equal(counts, []int{1, 2, 3}) {
		t.Fatalf("heartbeat counts logged = %v, want [1 2 3]; logs:\n%q", counts, app.Logs())
	}
	if got := h.Count(); got != 3 {
		t.Errorf("Heartbeat.Count() = %d after 3 beats", got)
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
	newApp(t, stillHeartbeat, fx.Provide(func() siteschedule.Pulse { return p }), fx.Populate(&s))
	for range 2 {
		if err := s.RunNow(t.Context(), "heartbeat"); err != nil {
			t.Fatalf("RunNow(heartbeat): %v", err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !slices.Equal(p.counts, []int64{1, 2}) {
		t.Errorf("the Pulse got beats %v, want [1 2]", p.counts)
	}
}

// A Pulse's error is the run's error: logged by the scheduler, which goes on.
func TestHeartbeatReportsAPulseError(t *testing.T) {
	var s *schedule.Scheduler
	failing := pulseFunc(func(context.Context, int64) error { return errors.New("redis is down") })
	newApp(t, stillHeartbeat, fx.Provide(func() siteschedule.Pulse { return failing }), fx.Populate(&s))
	if err := s.RunNow(t.Context(), "heartbeat"); err == nil || !strings.Contains(err.Error(), "redis is down") {
		t.Errorf("RunNow with a failing Pulse = %v, want its error", err)
	}
}

// pulseFunc is a Pulse made of a function.
type pulseFunc func(ctx context.Context, count int64) error

func (f pulseFunc) Beat(ctx context.Context, count int64) error { return f(ctx, count) }
