package session

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
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

// OpenedMaxEntries is openedMaxEntries.
const OpenedMaxEntries = openedMaxEntries

// OpenedLen is the number of cookie values app's Manager remembers.
func OpenedLen(t testing.TB, app interface{ Ctx() *egg.Ctx }) int {
	t.Helper()
	return ManagerOf(app.Ctx()).opened.len()
}
