package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/egg-go/egg"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// runner runs each job in an anonymous context of the app.
type runner struct {
	app      *egg.App
	log      *slog.Logger
	idHeader string

	// OnJob hooks and RiverMiddleware (events.go)
	hooks      []func(JobEvent)
	middleware []rivertype.Middleware
}

type ctxKey struct{}

// holder lets the anonymous Ctx be found from contexts derived from it
// (River's job timeout wraps it).
type holder struct{ c *egg.Ctx }

// Ctx returns the egg context of the job that ctx belongs to: a worker
// made with FromRiver gets one through its context. It returns nil for a
// context that is not a job's.
func Ctx(ctx context.Context) *egg.Ctx {
	if c, ok := ctx.(*egg.Ctx); ok {
		return c
	}
	if h, ok := ctx.Value(ctxKey{}).(*holder); ok {
		return h.c
	}
	return nil
}

// JobID returns the id of the job whose egg context c is, or 0.
func JobID(c *egg.Ctx) int64 {
	if row, ok := c.Value(rowKey{}).(*rivertype.JobRow); ok {
		return row.ID
	}
	return 0
}

type rowKey struct{}

// run works one attempt of row with fn in a new anonymous context, logs
// it, turns a panic into an error (the attempt fails and is retried) and
// reports failures to the app's error event.
func (r *runner) run(ctx context.Context, row *rivertype.JobRow, fn func(c *egg.Ctx) error) (err error) {
	h := &holder{}
	c := r.app.NewContext(context.WithValue(context.WithValue(ctx, ctxKey{}, h), rowKey{}, row))
	h.c = c
	// the job's kind and id are the context's request id: every
	// c.Logger() line and outbound call that forwards it carries them
	c.Request().Header.Set(r.idHeader, requestID(row))
	log := r.log.With("job_id", row.ID, "kind", row.Kind, "queue", row.Queue, "attempt", row.Attempt)
	start := time.Now()
	log.Debug("job started")
	r.started(row, start)
	defer func() {
		if p := recover(); p != nil {
			err = &egg.PanicError{Value: p, Stack: debug.Stack()}
		}
		d := time.Since(start)
		switch {
		case err == nil:
			log.Debug("job done", "duration", d)
		case isControl(err):
			log.Debug("job snoozed or cancelled", "duration", d, "reason", err)
		default:
			if pe, ok := err.(*egg.PanicError); ok {
				log.Error("job panicked", "duration", d, "err", err, "stack", string(pe.Stack))
			} else {
				log.Warn("job failed", "duration", d, "err", err, "max_attempts", row.MaxAttempts)
			}
			r.app.EmitError(fmt.Errorf("queue: job %d of kind %q, attempt %d of %d: %w", row.ID, row.Kind, row.Attempt, row.MaxAttempts, err), c)
		}
		r.ended(ctx, row, start, d, err)
	}()
	return fn(c)
}

// isControl reports River's snooze and cancel results, which are not
// failures to report.
func isControl(err error) bool {
	var snooze *river.JobSnoozeError
	var cancel *river.JobCancelError
	return errors.As(err, &snooze) || errors.As(err, &cancel)
}

// requestID is "job:<kind>:<id>" with characters a request id may not
// hold replaced, clipped to egg's 128 bytes.
func requestID(row *rivertype.JobRow) string {
	b := []byte("job:")
	for i := 0; i < len(row.Kind) && len(b) < 100; i++ {
		ch := row.Kind[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_' || ch == '.' || ch == ':' {
			b = append(b, ch)
		} else {
			b = append(b, '_')
		}
	}
	b = append(b, ':')
	return string(strconv.AppendInt(b, row.ID, 10))
}

func unmarshalArgs(data []byte, v any) error { return json.Unmarshal(data, v) }
