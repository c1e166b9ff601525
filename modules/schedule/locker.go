package schedule

import (
	"context"
	"sync"
	"time"
)

// Locker decides which instance runs a tick of a Worker schedule. The
// scheduler calls Lock with key = Config.LockPrefix + schedule name + "@"
// + tick time (RFC 3339, UTC) when the tick comes; the instance whose
// call claims the key runs the tick, the others skip it.
//
// Provide one to the app (fx.Provide a func returning schedule.Locker) to
// coordinate instances; contrib/redis provides one on SET key NX PX.
// Without one, the app counts as the only instance: Worker ticks run
// without a lock, as All ticks do.
type Locker interface {
	// Lock claims key for ttl and reports whether this call claimed it.
	// A key that is already held, by any instance including this one,
	// gives false. A claim is never released early: it lapses after ttl,
	// so an instance that reaches the same tick late still finds it. An
	// error means the claim could not be decided; the scheduler then
	// skips the tick (it fails closed) and logs the error.
	Lock(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// MemoryLocker is a Locker in the memory of one process: the schedulers
// of several apps in one process (a test, a binary hosting two apps) that
// are given the same MemoryLocker run each Worker tick once between
// them. It coordinates nothing across processes. Its zero value is
// ready.
type MemoryLocker struct {
	mu    sync.Mutex
	keys  map[string]time.Time // key → expiry
	swept time.Time
}

// NewMemoryLocker returns an empty MemoryLocker.
func NewMemoryLocker() *MemoryLocker { return &MemoryLocker{} }

// Lock claims key for ttl unless a live claim holds it.
func (m *MemoryLocker) Lock(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = map[string]time.Time{}
	}
	if now.Sub(m.swept) >= time.Second { // forget lapsed claims, at most once a second
		for k, exp := range m.keys {
			if !now.Before(exp) {
				delete(m.keys, k)
			}
		}
		m.swept = now
	}
	if exp, held := m.keys[key]; held && now.Before(exp) {
		return false, nil
	}
	m.keys[key] = now.Add(ttl)
	return true, nil
}

// lockKey is the key of a tick: prefix + name + "@" + tick in UTC.
func lockKey(prefix, name string, tick time.Time) string {
	return prefix + name + "@" + tick.UTC().Format(time.RFC3339Nano)
}
