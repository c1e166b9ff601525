package schedule

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"time"

	"github.com/egg-go/egg"
)

// run runs e's task once in a new anonymous context under parent and
// reports it: events, a log line, and the app's error event on failure.
// The caller has counted the run in s.running; run uncounts it.
func (s *Scheduler) run(parent context.Context, e *entry, trig Trigger, tick time.Time) error {
	runID := fmt.Sprintf("%s:%016x", e.Name, rand.Uint64())
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	defer context.AfterFunc(s.runCtx, cancel)() // Stop's cancel reaches RunNow's runs too
	c := s.app.NewContext(ctx)
	// the run id is the context's request id: c.Logger() lines and
	// outbound calls that forward the request id carry it
	c.Request().Header.Set(s.idHeader, runID)
	log := s.log.With("schedule", e.Name, "run", runID)

	start := time.Now()
	s.emit(RunEvent{Kind: RunStarted, Schedule: e.Name, RunID: runID, Trigger: trig, Tick: tick, Start: start})
	log.Debug("schedule run started", "trigger", trig, "tick", tick)
	err := call(e.Task, c)
	d := time.Since(start)
	s.release(e)
	if err != nil {
		if pe, ok := err.(*egg.PanicError); ok {
			log.Error("schedule run panicked", "trigger", trig, "duration", d, "err", err, "stack", string(pe.Stack))
		} else {
			log.Error("schedule run failed", "trigger", trig, "duration", d, "err", err)
		}
		s.app.EmitError(fmt.Errorf("schedule %q run %s: %w", e.Name, runID, err), c)
	} else {
		log.Debug("schedule run done", "trigger", trig, "duration", d)
	}
	s.emit(RunEvent{Kind: RunEnded, Schedule: e.Name, RunID: runID, Trigger: trig, Tick: tick, Start: start, Duration: d, Err: err})
	return err
}

// call runs the task, turning a panic into an *egg.PanicError.
func call(task Task, c *egg.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &egg.PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return task(c)
}

// emit hands ev to every hook; a hook that panics is logged and the
// others still run.
func (s *Scheduler) emit(ev RunEvent) {
	for _, h := range s.hooks {
		s.callHook(h, ev)
	}
}

func (s *Scheduler) callHook(h func(RunEvent), ev RunEvent) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("schedule event hook panicked", "schedule", ev.Schedule, "event", ev.Kind, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	h(ev)
}
