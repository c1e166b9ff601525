package queue_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuetest"
	"github.com/egg-go/egg/eggtest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
)

// eventLog keeps every JobEvent of an app.
type eventLog struct {
	mu  sync.Mutex
	evs []queue.JobEvent
}

func (l *eventLog) hook(ev queue.JobEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evs = append(l.evs, ev)
}

// ended returns "kind/attempt:outcome" of every ended attempt of kind, in
// order.
func (l *eventLog) ended(kind string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, ev := range l.evs {
		if ev.Phase == queue.JobEnded && ev.Kind == kind {
			out = append(out, fmt.Sprintf("%d:%s", ev.Attempt, ev.Outcome))
		}
	}
	return out
}

func (l *eventLog) all() []queue.JobEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]queue.JobEvent(nil), l.evs...)
}

// outcomeArgs is a job whose worker does what Do says on each attempt:
// "ok", "fail", "panic", "cancel", "snooze" (then ok).
type outcomeArgs struct {
	Do string `json:"do"`
}

func (outcomeArgs) Kind() string { return "outcome" }

type outcomeWorker struct {
	river.WorkerDefaults[outcomeArgs]
}

// NextRetry retries 20ms later, so that the test does not wait for
// River's backoff.
func (outcomeWorker) NextRetry(*river.Job[outcomeArgs]) time.Time {
	return time.Now().Add(20 * time.Millisecond)
}

func (outcomeWorker) Work(ctx context.Context, job *river.Job[outcomeArgs]) error {
	switch job.Args.Do {
	case "fail":
		return errors.New("smtp down")
	case "panic":
		panic("nil map")
	case "cancel":
		return river.JobCancel(errors.New("user deleted"))
	case "snooze":
		if job.Attempt == 1 && !strings.Contains(string(job.Metadata), "snoozes") {
			return river.JobSnooze(10 * time.Millisecond)
		}
	}
	return nil
}

// Every attempt fires JobStarted then JobEnded with River's outcome:
// completed, retryable until the last attempt, discarded, cancelled,
// snoozed then completed.
func TestJobEventsOutcomes(t *testing.T) {
	u, schema := pgSchema(t)
	log := &eventLog{}
	var cl *queue.Client
	eggtest.New(t, queue.Module, egg.Configure(pgConfig(u, schema)), queue.OnJob(log.hook),
		egg.Module("jobs", queue.Register(queue.FromRiver[outcomeArgs](outcomeWorker{}))), fx.Populate(&cl))

	ids := map[string]int64{}
	for _, do := range []string{"ok", "fail", "panic", "cancel", "snooze"} {
		res, err := cl.Insert(t.Context(), outcomeArgs{Do: do}, &river.InsertOpts{MaxAttempts: 2})
		if err != nil {
			t.Fatal(err)
		}
		ids[do] = res.Job.ID
	}
	want := map[string][]string{
		"ok":     {"1:completed"},
		"fail":   {"1:retryable", "2:discarded"},
		"panic":  {"1:retryable", "2:discarded"},
		"cancel": {"1:cancelled"},
		"snooze": {"1:snoozed", "1:completed"},
	}
	byJob := func() map[string][]string {
		got := map[string][]string{}
		for _, ev := range log.all() {
			if ev.Phase != queue.JobEnded {
				continue
			}
			for do, id := range ids {
				if ev.JobID == id {
					got[do] = append(got[do], fmt.Sprintf("%d:%s", ev.Attempt, ev.Outcome))
				}
			}
		}
		return got
	}
	waitFor(t, 20*time.Second, "every job to reach its end", func() bool {
		got := byJob()
		for do, w := range want {
			if len(got[do]) < len(w) {
				return false
			}
		}
		return true
	})
	got := byJob()
	for do, w := range want {
		if strings.Join(got[do], " ") != strings.Join(w, " ") {
			t.Errorf("job %q: attempts %v, want %v", do, got[do], w)
		}
	}

	// each ended event follows its started one, with the job's details
	open := map[int64]queue.JobEvent{}
	for _, ev := range log.all() {
		switch ev.Phase {
		case queue.JobStarted:
			if _, dup := open[ev.JobID]; dup {
				t.Errorf("job %d started twice without ending", ev.JobID)
			}
			open[ev.JobID] = ev
		case queue.JobEnded:
			st, ok := open[ev.JobID]
			if !ok {
				t.Errorf("job %d ended without starting", ev.JobID)
				continue
			}
			delete(open, ev.JobID)
			if ev.Kind != "outcome" || ev.Queue != "default" || ev.MaxAttempts != 2 || ev.Attempt != st.Attempt ||
				!ev.Start.Equal(st.Start) || ev.Duration < 0 {
				t.Errorf("ended event %+v does not match its start %+v", ev, st)
			}
			switch ev.Outcome {
			case queue.OutcomeCompleted:
				if ev.Err != nil {
					t.Errorf("completed with error %v", ev.Err)
				}
			default:
				if ev.Err == nil {
					t.Errorf("outcome %s without an error", ev.Outcome)
				}
			}
		}
	}
	var pe *egg.PanicError
	for _, ev := range log.all() {
		if ev.JobID == ids["panic"] && ev.Phase == queue.JobEnded && !errors.As(ev.Err, &pe) {
			t.Errorf("the panicking job's error is %T, want *egg.PanicError", ev.Err)
		}
	}
}

// Hooks come from constructors too; one that panics is logged and
// neither the job nor the other hooks notice. Inline work fires events.
func TestJobEventHooksInline(t *testing.T) {
	log := &eventLog{}
	var cl *queue.Client
	app := eggtest.New(t, queue.Module,
		egg.Configure(func(c *queue.Config) { c.URL, c.Work = t.TempDir()+"/q.db", false }),
		queue.OnJob(func() (func(queue.JobEvent), error) {
			return func(queue.JobEvent) { panic("hook bug") }, nil
		}),
		queue.OnJob(func(queue.Config) func(queue.JobEvent) { return log.hook }),
		egg.Module("jobs", queue.Register(queue.FromRiver[outcomeArgs](outcomeWorker{}))), fx.Populate(&cl))
	if _, err := cl.Insert(t.Context(), outcomeArgs{Do: "ok"}, nil); err != nil {
		t.Fatal(err)
	}
	if n := queuetest.WorkAll(t, cl); n != 1 {
		t.Fatalf("WorkAll ran %d jobs", n)
	}
	// River never fetched the job: its attempt is still 0
	if got := log.ended("outcome"); strings.Join(got, " ") != "0:completed" {
		t.Errorf("inline attempts %v, want [0:completed]", got)
	}
	app.ExpectLog("job event hook panicked")
}

func TestOnJobAndRiverMiddlewareRefuseBadValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  fx.Option
		want string
	}{
		{"nil hook", queue.OnJob((func(queue.JobEvent))(nil)), "queue: OnJob(nil) at "},
		{"wrong hook type", queue.OnJob(func(queue.JobEvent) error { return nil }), "queue: OnJob(func(queue.JobEvent) error) at "},
		{"nil middleware", queue.RiverMiddleware((*tagger)(nil)), "queue: RiverMiddleware(nil) at "},
		{"not middleware", queue.RiverMiddleware("otel"), "queue: RiverMiddleware(string) at "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, queue.Module, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "events_test.go") {
				t.Fatalf("error %v, want %q with the caller's line", err, tc.want)
			}
		})
	}
}

// tagger is River middleware: it writes metadata on insert and puts it in
// the context of each attempt, where the job's egg Ctx finds it.
type tagger struct {
	river.MiddlewareDefaults
}

type tagKey struct{}

func (*tagger) InsertMany(ctx context.Context, params []*rivertype.JobInsertParams, next func(context.Context) ([]*rivertype.JobInsertResult, error)) ([]*rivertype.JobInsertResult, error) {
	for _, p := range params {
		p.Metadata = []byte(`{"tag":"from-insert"}`)
	}
	return next(ctx)
}

func (*tagger) Work(ctx context.Context, job *rivertype.JobRow, next func(context.Context) error) error {
	return next(context.WithValue(ctx, tagKey{}, string(job.Metadata)))
}

func TestRiverMiddlewareWrapsInsertAndWork(t *testing.T) {
	u, schema := pgSchema(t)
	got := make(chan string, 1)
	var cl *queue.Client
	eggtest.New(t, queue.Module, egg.Configure(pgConfig(u, schema)),
		queue.RiverMiddleware(func() rivertype.Middleware { return &tagger{} }),
		egg.Module("jobs", queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[noteArgs]) error {
			tag, _ := c.Value(tagKey{}).(string)
			got <- tag
			return nil
		}))), fx.Populate(&cl))
	if _, err := cl.Insert(t.Context(), noteArgs{Text: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case tag := <-got:
		if !strings.Contains(tag, `"tag": "from-insert"`) && !strings.Contains(tag, `"tag":"from-insert"`) {
			t.Errorf("the job's Ctx carries %q, want the metadata the insert middleware wrote", tag)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("job did not run")
	}
}

func TestOutcomeOf(t *testing.T) {
	row := &rivertype.JobRow{Attempt: 1, MaxAttempts: 3}
	last := &rivertype.JobRow{Attempt: 3, MaxAttempts: 3}
	stopped, stop := context.WithCancel(context.Background())
	stop()
	remote, cancelRemote := context.WithCancelCause(context.Background())
	cancelRemote(rivertype.ErrJobCancelledRemotely)
	bg := context.Background()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		row  *rivertype.JobRow
		err  error
		want queue.Outcome
	}{
		{"nil", bg, row, nil, queue.OutcomeCompleted},
		{"error with attempts left", bg, row, errors.New("x"), queue.OutcomeRetryable},
		{"error on the last attempt", bg, last, errors.New("x"), queue.OutcomeDiscarded},
		{"panic on the last attempt", bg, last, &egg.PanicError{Value: 1}, queue.OutcomeDiscarded},
		{"JobCancel", bg, row, river.JobCancel(errors.New("x")), queue.OutcomeCancelled},
		{"wrapped JobCancel", bg, last, fmt.Errorf("w: %w", river.JobCancel(errors.New("x"))), queue.OutcomeCancelled},
		{"JobSnooze", bg, last, river.JobSnooze(time.Second), queue.OutcomeSnoozed},
		{"cancelled remotely", remote, last, context.Canceled, queue.OutcomeCancelled},
		{"stopped under the job", stopped, last, context.Canceled, queue.OutcomeRetryable},
		{"timed out on the last attempt", bg, last, context.DeadlineExceeded, queue.OutcomeDiscarded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := queue.OutcomeOf(tc.ctx, tc.row, tc.err); got != tc.want {
				t.Errorf("OutcomeOf = %s, want %s", got, tc.want)
			}
		})
	}
	if len(queue.Outcomes()) != 5 {
		t.Errorf("Outcomes() = %v", queue.Outcomes())
	}
}
