package otelqueue_test

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/otel/otelqueue"
	"github.com/egg-go/egg/contrib/queue"
)

// With the module, queue.Insert(c, …) in a handler is a span of the
// request's trace, and the job's attempts are its children.
func Example() {
	_ = egg.Options(otel.Module, queue.Module, otelqueue.Module) // pass these to egg.Run, otel first
}
