package queue

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/rivertype"
)

// WorkInline works one attempt of row on the calling goroutine with its
// registered worker, in an anonymous context as the queue would, without
// changing the job's state in the database. queuetest uses it to run
// enqueued jobs synchronously; an admin route may use it to retry by hand.
func (cl *Client) WorkInline(ctx context.Context, row *rivertype.JobRow) error {
	w, ok := cl.workers[row.Kind]
	if !ok {
		return fmt.Errorf("queue: no worker is registered for job kind %q; add queue.Register(queue.NewWorker(...)) for it", row.Kind)
	}
	return w.work(ctx, cl.run, row)
}
