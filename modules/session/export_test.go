package session

import (
	"sync/atomic"
	"time"

	"go.uber.org/fx"
)

// FakeClock is a settable clock for tests, safe to read from a server's
// goroutines.
type FakeClock struct{ ns atomic.Int64 }

// NewFakeClock returns a clock stopped at t.
func NewFakeClock(t time.Time) *FakeClock {
	c := &FakeClock{}
	c.ns.Store(t.UnixNano())
	return c
}

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

// Advance moves the clock on by d.
func (c *FakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// WithClock makes the app's Manager read time from c.
func WithClock(c *FakeClock) fx.Option {
	return fx.Decorate(func(m *Manager) *Manager { m.now = c.Now; return m })
}

// SetMemoryClock makes a MemoryStore read time from c.
func SetMemoryClock(s *MemoryStore, c *FakeClock) { s.now = c.Now }
