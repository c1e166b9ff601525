package redis

import "context"

// Check is the readiness check of one client, for a health endpoint: Run
// sends PING and returns its error, which names the client and its
// address.
type Check struct {
	// Name is "redis." + the client's name, e.g. "redis.default".
	Name string
	// Weak is the client's ClientConfig.Weak: the app works (degraded)
	// without it, so a health endpoint may report it without failing
	// readiness.
	Weak bool
	// Run pings the client; give it a context with a deadline.
	Run func(ctx context.Context) error
}

// Checks returns one readiness check per enabled client, "default" first.
func (cs *Clients) Checks() []Check {
	out := make([]Check, len(cs.list))
	for i, c := range cs.list {
		out[i] = Check{Name: "redis." + c.name, Weak: c.cfg.Weak, Run: func(ctx context.Context) error { return cs.ping(ctx, c) }}
	}
	return out
}
