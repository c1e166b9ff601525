package promqueue_test

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/contrib/prometheus/promqueue"
	"github.com/egg-go/egg/contrib/queue"
)

// The job metrics come with the module beside the two it bridges; jobs
// then show on /metrics as queue_job_runs_total{kind,queue,outcome}.
func Example() {
	_ = egg.Options(prometheus.Module, queue.Module, promqueue.Module) // pass these to egg.Run
}
