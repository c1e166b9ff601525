package session

import (
	"context"
	"sync"
	"time"
)

// DefaultSweepInterval is how often a MemoryStore removes expired entries
// when NewMemoryStore is given 0.
const DefaultSweepInterval = time.Minute

// MemoryStore is a Store in the process's memory: sessions are lost when
// the process exits and not shared with other instances (use contrib/redis
// for those). Entries expire on their TTL; a reader never sees an expired
// one, and one goroutine removes them every sweep interval. That goroutine
// starts with the first Set and stops at Close (the session module calls
// it at BeforeClose). It is safe for concurrent use.
type MemoryStore struct {
	mu      sync.Mutex
	entries map[string]memoryEntry
	every   time.Duration
	now     func() time.Time
	running bool
	closed  bool
	stop    chan struct{}
	done    chan struct{}
}

type memoryEntry struct {
	data    []byte
	expires time.Time
}

// NewMemoryStore returns an empty store that sweeps expired entries every
// sweepEvery (DefaultSweepInterval when 0 or less).
func NewMemoryStore(sweepEvery time.Duration) *MemoryStore {
	if sweepEvery <= 0 {
		sweepEvery = DefaultSweepInterval
	}
	return &MemoryStore{entries: map[string]memoryEntry{}, every: sweepEvery, now: time.Now}
}

// Get returns the data under id, unless it is missing or expired. The
// slice is the store's own: callers must not modify it.
func (s *MemoryStore) Get(_ context.Context, id string) ([]byte, bool, error) {
	s.mu.Lock()
	e, ok := s.entries[id]
	if ok && !s.now().Before(e.expires) {
		delete(s.entries, id)
		ok = false
	}
	s.mu.Unlock()
	if !ok {
		return nil, false, nil
	}
	return e.data, true, nil
}

// Set saves a copy of data under id for ttl.
func (s *MemoryStore) Set(_ context.Context, id string, data []byte, ttl time.Duration) error {
	e := memoryEntry{data: append([]byte(nil), data...), expires: s.now().Add(ttl)}
	s.mu.Lock()
	s.entries[id] = e
	if !s.running && !s.closed {
		s.running = true
		s.stop, s.done = make(chan struct{}), make(chan struct{})
		go s.sweepLoop(s.stop, s.done)
	}
	s.mu.Unlock()
	return nil
}

// Destroy removes id.
func (s *MemoryStore) Destroy(_ context.Context, id string) error {
	s.mu.Lock()
	delete(s.entries, id)
	s.mu.Unlock()
	return nil
}

// Len returns the number of entries, expired ones not yet swept included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// Close stops the sweeping goroutine and waits for it. The store keeps
// working (expired entries are still never returned); Close is for
// shutting down without leaking the goroutine. Calling it again does
// nothing.
func (s *MemoryStore) Close() error {
	s.mu.Lock()
	s.closed = true
	stop, done, running := s.stop, s.done, s.running
	s.running = false
	s.mu.Unlock()
	if running {
		close(stop)
		<-done
	}
	return nil
}

func (s *MemoryStore) sweepLoop(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.sweep()
		}
	}
}

// sweep removes the expired entries.
func (s *MemoryStore) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for id, e := range s.entries {
		if !now.Before(e.expires) {
			delete(s.entries, id)
		}
	}
}
