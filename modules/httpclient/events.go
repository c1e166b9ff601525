package httpclient

import "time"

// CallEvent describes one finished call, for metrics: one per round trip
// (a redirect the client follows is a call of its own), retries included
// in it. It is fired when the response headers arrive or the call fails,
// before the caller reads the body.
type CallEvent struct {
	Method string // request method
	Host   string // URL host, with the port if the URL has one
	Path   string // URL path, without the query (which may carry secrets)
	// Status is the response status; 0 when there was no response.
	Status int
	// Err is the error of the last attempt when there was no response.
	Err error
	// Attempts is the number of tries: 1 unless the call was retried.
	Attempts int
	// Start is when the call began; Duration runs until the response
	// headers (or the error), back-off between retries included.
	Start    time.Time
	Duration time.Duration
	// RequestID is the id of the request the call was made in, if any.
	RequestID string
}

// OnCall registers fn to run after every call, with its event (Egg's
// request / response events of the httpclient, for metrics). fn runs on
// the caller's goroutine, so keep it quick and do not block; it may be
// registered at any time, typically from a boot hook or fx.Invoke:
//
//	fx.Invoke(func(c *httpclient.Client, m *Metrics) {
//		c.OnCall(func(e httpclient.CallEvent) { m.Observe(e.Host, e.Status, e.Duration) })
//	})
func (c *Client) OnCall(fn func(CallEvent)) {
	c.hookMu.Lock()
	defer c.hookMu.Unlock()
	var next []func(CallEvent)
	if cur := c.hooks.Load(); cur != nil {
		next = append(next, *cur...)
	}
	next = append(next, fn)
	c.hooks.Store(&next)
}
