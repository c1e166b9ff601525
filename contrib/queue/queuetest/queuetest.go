// Package queuetest helps test code that enqueues jobs with contrib/queue:
// assert what was enqueued, or work the enqueued jobs synchronously in
// the test. Start the app with queue.Config.Work false
// (QUEUE_WORK=false, or egg.Configure) so no background worker takes
// the jobs first.
package queuetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/egg-go/egg/contrib/queue"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// waiting are the states of a job not yet worked to an end.
var waiting = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable, rivertype.JobStatePending}

// Enqueued returns the jobs of T's kind waiting in cl's database, oldest
// first, with their args decoded.
func Enqueued[T river.JobArgs](t testing.TB, cl *queue.Client) []*river.Job[T] {
	t.Helper()
	var args T
	rows := list(t, cl, args.Kind())
	out := make([]*river.Job[T], 0, len(rows))
	for _, row := range rows {
		j := &river.Job[T]{JobRow: row}
		if err := json.Unmarshal(row.EncodedArgs, &j.Args); err != nil {
			t.Fatalf("queuetest: job %d of kind %q: decode args into %T: %v", row.ID, row.Kind, j.Args, err)
		}
		out = append(out, j)
	}
	return out
}

// RequireEnqueued fails the test unless exactly n jobs of T's kind wait,
// and returns them.
func RequireEnqueued[T river.JobArgs](t testing.TB, cl *queue.Client, n int) []*river.Job[T] {
	t.Helper()
	jobs := Enqueued[T](t, cl)
	if len(jobs) != n {
		var args T
		t.Fatalf("queuetest: %d jobs of kind %q are enqueued, want %d", len(jobs), args.Kind(), n)
	}
	return jobs
}

// WorkAll works every waiting job of the given kinds (all kinds when none
// is given), scheduled ones included, synchronously on the test's
// goroutine with their registered workers, oldest first, and deletes each
// one that succeeds. Jobs those jobs enqueue are worked too. It returns
// how many jobs ran; a job that fails fails the test.
func WorkAll(t testing.TB, cl *queue.Client, kinds ...string) int {
	t.Helper()
	n := 0
	for round := 0; ; round++ {
		rows := list(t, cl, kinds...)
		if len(rows) == 0 {
			return n
		}
		if round == 100 {
			t.Fatalf("queuetest: WorkAll: jobs keep enqueuing jobs after 100 rounds; is a worker re-enqueuing itself?")
		}
		for _, row := range rows {
			if err := cl.WorkInline(t.Context(), row); err != nil {
				t.Fatalf("queuetest: job %d of kind %q failed: %v", row.ID, row.Kind, err)
			}
			if _, err := cl.JobDelete(context.WithoutCancel(t.Context()), row.ID); err != nil {
				t.Fatalf("queuetest: delete worked job %d: %v", row.ID, err)
			}
			n++
		}
	}
}

func list(t testing.TB, cl *queue.Client, kinds ...string) []*rivertype.JobRow {
	t.Helper()
	p := river.NewJobListParams().States(waiting...).First(10_000).OrderBy(river.JobListOrderByID, river.SortOrderAsc)
	if len(kinds) > 0 {
		p = p.Kinds(kinds...)
	}
	res, err := cl.JobList(t.Context(), p)
	if err != nil {
		t.Fatalf("queuetest: list jobs: %v", err)
	}
	return res.Jobs
}
