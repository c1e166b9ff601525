package queue

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
)

// Phase says what a JobEvent reports.
type Phase string

const (
	// JobStarted fires when an attempt of a job starts.
	JobStarted Phase = "started"
	// JobEnded fires when the attempt returns or panics; Outcome says
	// what becomes of the job.
	JobEnded Phase = "ended"
)

// Outcome is what an attempt's result makes of its job, by River's rules.
// The values are River's job states, except snoozed.
type Outcome string

const (
	// OutcomeCompleted: the worker returned nil; the job is done.
	OutcomeCompleted Outcome = "completed"
	// OutcomeRetryable: the attempt failed (an error, a panic, the job's
	// timeout) with attempts left, or the app stopped under it; the job
	// runs again later.
	OutcomeRetryable Outcome = "retryable"
	// OutcomeDiscarded: the last allowed attempt failed; the job is
	// given up.
	OutcomeDiscarded Outcome = "discarded"
	// OutcomeCancelled: the worker returned river.JobCancel, or the job
	// was cancelled while it ran (Client.JobCancel); it never runs again.
	OutcomeCancelled Outcome = "cancelled"
	// OutcomeSnoozed: the worker returned river.JobSnooze; the job runs
	// again after the snooze, without using up an attempt.
	OutcomeSnoozed Outcome = "snoozed"
)

// Outcomes lists every Outcome, for metrics that show each at zero.
func Outcomes() []Outcome {
	return []Outcome{OutcomeCompleted, OutcomeRetryable, OutcomeDiscarded, OutcomeCancelled, OutcomeSnoozed}
}

// JobEvent is one event of a job attempt, for metrics and tests. Hooks
// registered with OnJob receive every event, synchronously, on the
// attempt's goroutine: keep them quick.
type JobEvent struct {
	Phase Phase
	// JobID, Kind and Queue name the job; Attempt counts from 1 and
	// MaxAttempts is when it is discarded.
	JobID       int64
	Kind        string
	Queue       string
	Attempt     int
	MaxAttempts int
	// Start is when the attempt started.
	Start time.Time
	// Duration is how long the attempt ran (JobEnded).
	Duration time.Duration
	// Err is the worker's error, an *egg.PanicError when it panicked, or
	// River's snooze or cancel result (JobEnded).
	Err error
	// Outcome is what becomes of the job (JobEnded).
	Outcome Outcome
}

// OutcomeOf is what River makes of a job whose attempt returned err, ctx
// being the context the attempt ran with: the same rules River applies
// when it records the result. Worker middleware (RiverMiddleware) uses it
// to label its own observations as the events do.
func OutcomeOf(ctx context.Context, row *rivertype.JobRow, err error) Outcome {
	var snooze *river.JobSnoozeError
	var cancel *river.JobCancelError
	switch {
	case err == nil:
		return OutcomeCompleted
	case errors.As(err, &cancel), errors.Is(context.Cause(ctx), rivertype.ErrJobCancelledRemotely):
		return OutcomeCancelled
	case errors.As(err, &snooze):
		return OutcomeSnoozed
	case errors.Is(ctx.Err(), context.Canceled) && errors.Is(err, context.Canceled):
		// the client stopped and cancelled the job: River makes it
		// available again without counting the attempt
		return OutcomeRetryable
	case row.Attempt >= row.MaxAttempts:
		return OutcomeDiscarded
	}
	return OutcomeRetryable
}

const (
	hooksGroup      = `group:"queue.job.hooks"`
	middlewareGroup = `group:"queue.river.middleware"`
)

// OnJob adds a hook that receives every JobEvent of every job this
// instance works: attempts starting and ending, with their duration,
// error and outcome, for metrics or tests. v is a func(queue.JobEvent) or
// an fx constructor that returns one (optionally with an error), e.g. to
// count jobs in a metrics registry:
//
//	queue.OnJob(func(reg *prometheus.Registry) func(queue.JobEvent) { ... })
//
// Jobs worked inline (WorkInline, queuetest.WorkAll) fire the events too,
// with the outcome River would record (and Attempt 0 for a job River never
// fetched). Hooks run synchronously on the
// job's goroutine: keep them quick. A hook that panics is logged; the job
// goes on.
func OnJob(v any) fx.Option {
	if h, ok := v.(func(JobEvent)); ok {
		if h == nil {
			return fx.Error(fmt.Errorf("queue: OnJob(nil) at %s: pass a func(queue.JobEvent)", callerLine()))
		}
		return fx.Provide(fx.Annotate(func() func(JobEvent) { return h }, fx.ResultTags(hooksGroup)))
	}
	if returns(v, reflect.TypeFor[func(JobEvent)]()) {
		return fx.Provide(fx.Annotate(v, fx.ResultTags(hooksGroup)))
	}
	return fx.Error(fmt.Errorf("queue: OnJob(%T) at %s: pass a func(queue.JobEvent), or a constructor that returns one (optionally with an error)",
		v, callerLine()))
}

// RiverMiddleware adds River middleware (river.Config.Middleware) to the
// app's River client: a rivertype.JobInsertMiddleware sees every insert
// (and may edit the jobs' metadata), a rivertype.WorkerMiddleware wraps
// every attempt (and may put values in its context, which the job's
// *egg.Ctx then carries). v is a rivertype.Middleware or an fx
// constructor that returns one (optionally with an error). Tracing uses
// it (contrib/otel/otelqueue); most apps want OnJob instead. Jobs worked
// inline (WorkInline) skip River, and so the middleware.
func RiverMiddleware(v any) fx.Option {
	if m, ok := v.(rivertype.Middleware); ok && reflect.TypeOf(v).Kind() != reflect.Func {
		if isNil(m) {
			return fx.Error(fmt.Errorf("queue: RiverMiddleware(nil) at %s: pass a rivertype.Middleware", callerLine()))
		}
		return fx.Provide(fx.Annotate(func() rivertype.Middleware { return m }, fx.ResultTags(middlewareGroup)))
	}
	if returns(v, reflect.TypeFor[rivertype.Middleware]()) {
		return fx.Provide(fx.Annotate(v, fx.ResultTags(middlewareGroup)))
	}
	return fx.Error(fmt.Errorf("queue: RiverMiddleware(%T) at %s: pass a rivertype.Middleware, or a constructor that returns one (optionally with an error)",
		v, callerLine()))
}

// started fires JobStarted for row.
func (r *runner) started(row *rivertype.JobRow, start time.Time) {
	if len(r.hooks) == 0 {
		return
	}
	r.emit(JobEvent{Phase: JobStarted, JobID: row.ID, Kind: row.Kind, Queue: row.Queue, Attempt: row.Attempt,
		MaxAttempts: row.MaxAttempts, Start: start})
}

// ended fires JobEnded for row's attempt that ran with ctx and returned err.
func (r *runner) ended(ctx context.Context, row *rivertype.JobRow, start time.Time, d time.Duration, err error) {
	if len(r.hooks) == 0 {
		return
	}
	r.emit(JobEvent{Phase: JobEnded, JobID: row.ID, Kind: row.Kind, Queue: row.Queue, Attempt: row.Attempt,
		MaxAttempts: row.MaxAttempts, Start: start, Duration: d, Err: err, Outcome: OutcomeOf(ctx, row, err)})
}

// emit hands ev to every hook; a hook that panics is logged and the
// others still run.
func (r *runner) emit(ev JobEvent) {
	for _, h := range r.hooks {
		r.callHook(h, ev)
	}
}

func (r *runner) callHook(h func(JobEvent), ev JobEvent) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("queue: job event hook panicked", "job_id", ev.JobID, "kind", ev.Kind, "phase", ev.Phase,
				"panic", p, "stack", string(debug.Stack()))
		}
	}()
	h(ev)
}

// returns reports whether v is a non-nil function returning want,
// optionally with an error.
func returns(v any, want reflect.Type) bool {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Func || reflect.ValueOf(v).IsNil() {
		return false
	}
	switch t.NumOut() {
	case 1:
		return t.Out(0) == want
	case 2:
		return t.Out(0) == want && t.Out(1) == reflect.TypeFor[error]()
	}
	return false
}

// isNil reports whether v holds a nil pointer, map, slice, ...
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Chan, reflect.Func:
		return rv.IsNil()
	}
	return false
}
