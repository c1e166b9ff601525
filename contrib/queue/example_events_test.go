package queue_test

import (
	"log/slog"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/queue"
)

// A hook sees every attempt start and end, with its outcome, e.g. to
// count failures (contrib/prometheus/promqueue does this for you).
func ExampleOnJob() {
	_ = egg.Options(queue.Module, queue.OnJob(func(ev queue.JobEvent) {
		if ev.Phase == queue.JobEnded && ev.Outcome == queue.OutcomeDiscarded {
			slog.Warn("job given up", "kind", ev.Kind, "job_id", ev.JobID, "err", ev.Err)
		}
	}))
}
