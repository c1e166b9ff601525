package queue

import (
	"context"
	"fmt"
	"reflect"
	"runtime"

	"github.com/egg-go/egg"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
)

// WorkFunc works one job of args type T with an anonymous context of the
// app (request-scoped services through egg.Use, c.Logger() with the job's
// kind and id as its request id). c is also the job's context.Context:
// it ends at the job's timeout and when the app stops. A returned error
// (or a panic) fails the attempt, retried with backoff until MaxAttempts;
// river.JobCancel, river.JobSnooze work as in River.
type WorkFunc[T river.JobArgs] func(c *egg.Ctx, job *river.Job[T]) error

// Worker is a registered job handler: the type-erased form of a
// river.Worker[T] that Register collects. Make one with NewWorker or
// FromRiver.
type Worker struct {
	kind string
	add  func(ws *river.Workers, r *runner) error
	work func(ctx context.Context, r *runner, row *rivertype.JobRow) error // inline, for queuetest
}

// Kind is the job kind the worker handles (T's Kind()).
func (w Worker) Kind() string { return w.kind }

// NewWorker makes a Worker from a WorkFunc, with River's defaults for
// retries and timeout (Config.MaxAttempts, Config.JobTimeout).
func NewWorker[T river.JobArgs](work WorkFunc[T]) Worker {
	return FromRiver(river.WorkFunc(func(ctx context.Context, job *river.Job[T]) error {
		return work(Ctx(ctx), job)
	}))
}

// FromRiver makes a Worker from any river.Worker[T] (its own NextRetry,
// Timeout and Middleware are kept). Its Work receives a context that is
// an *egg.Ctx; reach it with queue.Ctx(ctx).
func FromRiver[T river.JobArgs](w river.Worker[T]) Worker {
	var args T
	return Worker{
		kind: args.Kind(),
		add: func(ws *river.Workers, r *runner) error {
			return river.AddWorkerSafely[T](ws, &adapted[T]{Worker: w, r: r})
		},
		work: func(ctx context.Context, r *runner, row *rivertype.JobRow) error {
			job := &river.Job[T]{JobRow: row}
			if err := unmarshalArgs(row.EncodedArgs, &job.Args); err != nil {
				return fmt.Errorf("queue: job %d of kind %q: decode its args into %T: %w", row.ID, row.Kind, job.Args, err)
			}
			return (&adapted[T]{Worker: w, r: r}).Work(ctx, job)
		},
	}
}

// adapted runs a river.Worker[T] inside an anonymous egg context.
type adapted[T river.JobArgs] struct {
	river.Worker[T]
	r *runner
}

// Work implements river.Worker[T].
func (a *adapted[T]) Work(ctx context.Context, job *river.Job[T]) error {
	return a.r.run(ctx, job.JobRow, func(c *egg.Ctx) error { return a.Worker.Work(c, job) })
}

// WorkerGroup is the fx value group of workers, for modules that provide
// a Worker with fx.Annotate themselves instead of Register.
const WorkerGroup = `group:"queue.workers"`

// Register adds a job worker from any module (Egg's app/queue
// processors). v is a Worker, or an fx constructor that returns one
// (optionally with an error) when the worker needs services:
//
//	queue.Register(queue.NewWorker(sendWelcome)),
//	queue.Register(func(m *Mailer) queue.Worker {
//		return queue.NewWorker(func(c *egg.Ctx, job *river.Job[WelcomeArgs]) error {
//			return m.Send(c, job.Args.UserID)
//		})
//	}),
//
// Two workers for one kind fail start-up naming the kind.
func Register(v any) fx.Option {
	if w, ok := v.(Worker); ok {
		if w.add == nil {
			return fx.Error(fmt.Errorf("queue: Register(queue.Worker{}) at %s: make the worker with queue.NewWorker or queue.FromRiver", callerLine()))
		}
		return fx.Supply(fx.Annotate(w, fx.ResultTags(WorkerGroup)))
	}
	t := reflect.TypeOf(v)
	want := reflect.TypeFor[Worker]()
	if t != nil && t.Kind() == reflect.Func && !reflect.ValueOf(v).IsNil() && t.NumOut() >= 1 && t.Out(0) == want &&
		(t.NumOut() == 1 || t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]()) {
		return fx.Provide(fx.Annotate(v, fx.ResultTags(WorkerGroup)))
	}
	return fx.Error(fmt.Errorf("queue: Register(%T) at %s: pass a queue.Worker (queue.NewWorker(fn) or queue.FromRiver(w)), or a constructor that returns one (optionally with an error)",
		v, callerLine()))
}

// callerLine is file:line of the code that called Register.
func callerLine() string {
	if _, file, line, ok := runtime.Caller(2); ok {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return "unknown place"
}
