package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// ErrStopped is returned by RunNow once the scheduler has begun to stop.
var ErrStopped = errors.New("schedule: the scheduler has stopped")

// cancelGrace is how long Stop still waits for tasks after canceling
// their context.
const cancelGrace = 5 * time.Second

// Scheduler runs the app's schedules. Module provides it; inject
// *schedule.Scheduler to list the schedules, run one now (tests, an admin
// route) or stop them early.
//
// It starts ticking when the app is ready (the ServerDidReady phase, after
// every module's DidReady) and stops in its BeforeClose.
type Scheduler struct {
	app         *egg.App
	log         *slog.Logger
	idHeader    string
	stopTimeout time.Duration
	locker      Locker // nil: this app is the only instance
	prefix      string
	hooks       []func(RunEvent)
	entries     []*entry // sorted by name
	byName      map[string]*entry

	mu      sync.Mutex
	state   state
	running map[string]int       // schedule name → runs going now
	next    map[string]time.Time // schedule name → the tick its loop waits for
	stopped chan struct{}        // closed when Stop is done

	runs       sync.WaitGroup // task runs (ticks and RunNow)
	loops      sync.WaitGroup // one tick loop per enabled schedule
	loopCtx    context.Context
	stopLoops  context.CancelFunc
	runCtx     context.Context // parent of every task's context
	cancelRuns context.CancelFunc
}

type state int

const (
	idle state = iota
	started
	stopping
	done
)

type params struct {
	fx.In
	App       *egg.App
	Config    Config
	Server    egg.ServerConfig
	HTTP      egg.HTTPConfig
	Schedules []Schedule       `group:"egg.schedules"`
	Hooks     []func(RunEvent) `group:"egg.schedule.hooks"`
	Locker    Locker           `optional:"true"`
}

// newScheduler checks every registered schedule and builds the scheduler;
// any bad schedule fails start-up with one error per problem.
func newScheduler(p params) (*Scheduler, error) {
	s := &Scheduler{
		app:         p.App,
		log:         p.App.LoggerFor("schedule"),
		idHeader:    p.HTTP.RequestIDHeader,
		stopTimeout: p.Server.ShutdownTimeout,
		locker:      p.Locker,
		prefix:      p.Config.lockPrefix(p.App.Name()),
		hooks:       p.Hooks,
		byName:      map[string]*entry{},
		running:     map[string]int{},
		next:        map[string]time.Time{},
		stopped:     make(chan struct{}),
	}
	s.loopCtx, s.stopLoops = context.WithCancel(context.Background())
	s.runCtx, s.cancelRuns = context.WithCancel(context.Background())
	intervals := p.Config.intervals()
	var errs []error
	for _, sc := range p.Schedules {
		var override time.Duration
		if v, ok := intervals[sc.Name]; ok {
			override, _ = ParseInterval(v) // Config.Validate has checked it
		}
		e, err := compile(sc, p.App.Env(), p.Config, override)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, dup := s.byName[e.Name]; dup {
			errs = append(errs, fmt.Errorf("schedule: two schedules are named %q; rename one of them", e.Name))
			continue
		}
		s.byName[e.Name] = e
		s.entries = append(s.entries, e)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(s.entries, func(a, b *entry) int { return strings.Compare(a.Name, b.Name) })
	for _, n := range p.Config.Disable {
		if _, ok := s.byName[n]; !ok && n != "*" {
			s.log.Warn("Config.Disable (SCHEDULE_DISABLE) names a schedule that is not registered", "name", n, "registered", s.names())
		}
	}
	for _, n := range slices.Sorted(maps.Keys(intervals)) {
		if _, ok := s.byName[n]; !ok {
			s.log.Warn("Config.Intervals (SCHEDULE_INTERVALS) names a schedule that is not registered", "name", n, "registered", s.names())
		}
	}
	return s, nil
}

func (s *Scheduler) names() []string {
	out := make([]string, len(s.entries))
	for i, e := range s.entries {
		out[i] = e.Name
	}
	return out
}

// start begins a tick loop for every enabled schedule and the Immediate
// runs. It runs once; later calls do nothing.
func (s *Scheduler) start() {
	s.mu.Lock()
	if s.state != idle {
		s.mu.Unlock()
		return
	}
	s.state = started
	var enabled, immediate []*entry
	for _, e := range s.entries {
		if e.enabled {
			enabled = append(enabled, e)
			s.loops.Add(1)
			go s.loop(e)
			if e.Immediate {
				immediate = append(immediate, e)
			}
		}
	}
	s.mu.Unlock()
	now := time.Now()
	for _, e := range immediate {
		s.fire(e, Ready, now)
	}
	if len(s.entries) > 0 {
		s.log.Info("schedules started", "enabled", len(enabled), "registered", len(s.entries))
	}
}

// loop waits for each tick of e and fires it, until the scheduler stops.
// Ticks come from the wall clock but only move forward: a tick never
// fires twice on one instance, even if the clock is set back.
func (s *Scheduler) loop(e *entry) {
	defer s.loops.Done()
	var last time.Time
	for {
		from := time.Now()
		if from.Before(last) {
			from = last
		}
		tick := e.timing.next(from)
		if tick.IsZero() {
			s.log.Info("schedule has no more ticks", "schedule", e.Name, "spec", e.timing.String())
			return
		}
		s.mu.Lock()
		s.next[e.Name] = tick
		s.mu.Unlock()
		timer := time.NewTimer(time.Until(tick))
		select {
		case <-s.loopCtx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		last = tick
		s.fire(e, Tick, tick)
	}
}

// fire runs one tick of e on a new goroutine, unless the previous run is
// still going (and e does not allow overlap) or, for a Worker schedule,
// another instance claims the tick first.
func (s *Scheduler) fire(e *entry, trig Trigger, tick time.Time) {
	s.mu.Lock()
	if s.state != started {
		s.mu.Unlock()
		s.skip(e, trig, tick, Stopping, nil)
		return
	}
	if !e.AllowOverlap && s.running[e.Name] > 0 {
		s.mu.Unlock()
		s.log.Warn("schedule tick skipped: the previous run is still going (set AllowOverlap to run anyway)",
			"schedule", e.Name, "tick", tick)
		s.skip(e, trig, tick, Overlap, nil)
		return
	}
	s.running[e.Name]++
	s.runs.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.runs.Done()
		if e.Type == Worker && s.locker != nil {
			key := lockKey(s.prefix, e.Name, tick)
			if trig == Ready { // instances that become ready in the same window run it once
				key = lockKey(s.prefix, e.Name+"@ready", every(e.ttl).next(tick).Add(-e.ttl))
			}
			won, err := s.locker.Lock(s.runCtx, key, e.ttl)
			if err != nil || !won {
				s.release(e)
				if err != nil {
					s.log.Error("schedule tick skipped: the locker failed, so this instance cannot know who runs it",
						"schedule", e.Name, "tick", tick, "key", key, "err", err)
					s.app.EmitError(fmt.Errorf("schedule %q: locking tick %s: %w", e.Name, key, err), nil)
					s.skip(e, trig, tick, LockFailed, err)
				} else {
					s.log.Debug("schedule tick runs elsewhere", "schedule", e.Name, "tick", tick, "key", key)
					s.skip(e, trig, tick, Locked, nil)
				}
				return
			}
		}
		_ = s.run(s.runCtx, e, trig, tick)
	}()
}

// release counts one run of e as over.
func (s *Scheduler) release(e *entry) {
	s.mu.Lock()
	s.running[e.Name]--
	s.mu.Unlock()
}

func (s *Scheduler) skip(e *entry, trig Trigger, tick time.Time, why SkipReason, err error) {
	s.emit(RunEvent{Kind: RunSkipped, Schedule: e.Name, Trigger: trig, Tick: tick, Reason: why, Err: err})
}

// RunNow runs the named schedule at once on the caller's goroutine and
// returns the task's error (Egg's app.runSchedule, for tests and admin
// routes). It runs any registered schedule, disabled ones too, whatever
// its Type, without a lock; the run counts for the overlap guard of ticks
// and fires the usual events with Trigger Manual. The task's context ends
// when ctx does or when the scheduler cancels its runs.
func (s *Scheduler) RunNow(ctx context.Context, name string) error {
	e := s.byName[name]
	if e == nil {
		return fmt.Errorf("schedule: RunNow(%q): no schedule has this name; registered: %s", name, strings.Join(s.names(), ", "))
	}
	s.mu.Lock()
	if s.state >= stopping {
		s.mu.Unlock()
		return fmt.Errorf("schedule: RunNow(%q): %w", name, ErrStopped)
	}
	s.running[e.Name]++
	s.runs.Add(1)
	s.mu.Unlock()
	defer s.runs.Done()
	return s.run(ctx, e, Manual, time.Now())
}

// Stop stops the schedules: no tick fires after it begins; it waits for
// running tasks up to the app's shutdown timeout (egg.ServerConfig
// ShutdownTimeout) or until ctx ends, then cancels their context and
// waits up to 5s more. It returns an error naming any schedule whose task
// still had not returned. The module calls it in BeforeClose; a module
// whose BeforeClose closes something tasks use may call it first. Only
// the first call stops; later calls wait for it.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	if s.state >= stopping {
		s.mu.Unlock()
		select {
		case <-s.stopped:
		case <-ctx.Done():
		}
		return nil
	}
	s.state = stopping
	s.mu.Unlock()
	s.stopLoops()
	s.loops.Wait()
	err := s.drain(ctx)
	s.cancelRuns()
	s.mu.Lock()
	s.state = done
	clear(s.next)
	s.mu.Unlock()
	close(s.stopped)
	return err
}

// drain waits for running tasks, then cancels them.
func (s *Scheduler) drain(ctx context.Context) error {
	finished := make(chan struct{})
	go func() {
		s.runs.Wait()
		close(finished)
	}()
	wait := time.NewTimer(s.stopTimeout)
	defer wait.Stop()
	select {
	case <-finished:
		return nil
	case <-wait.C:
	case <-ctx.Done():
	}
	s.log.Warn("schedules still running at the shutdown timeout; canceling their context",
		"schedules", s.runningNames(), "timeout", s.stopTimeout)
	s.cancelRuns()
	grace := time.NewTimer(cancelGrace)
	defer grace.Stop()
	select {
	case <-finished:
		return nil
	case <-grace.C:
	}
	names := s.runningNames()
	s.log.Error("schedules did not return after their context was canceled; leaving them behind", "schedules", names)
	return fmt.Errorf("schedule: %s still running %s after the context was canceled; make the task return when c.Done() is closed",
		strings.Join(names, ", "), cancelGrace)
}

func (s *Scheduler) runningNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.entries {
		if s.running[e.Name] > 0 {
			out = append(out, e.Name)
		}
	}
	return out
}
