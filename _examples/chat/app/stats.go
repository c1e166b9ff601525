package app

import (
	"net/http"
	"sync"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
)

// Stats is what this instance saw, for GET /stats: the tests read it to
// check the order the middleware ran in and that their code after next()
// runs on disconnect.
type Stats struct {
	mu          sync.Mutex
	connects    int
	refused     int
	disconnects int
	events      int
	trace       map[string][]string // socket id → middleware steps
	order       []string            // socket ids, oldest first (the last 1000 kept)
}

// NewStats returns empty stats.
func NewStats() *Stats { return &Stats{trace: map[string][]string{}} }

// step records one middleware step of a socket.
func (s *Stats) step(id, what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.trace[id]; !ok {
		s.order = append(s.order, id)
		if len(s.order) > 1000 {
			delete(s.trace, s.order[0])
			s.order = s.order[1:]
		}
	}
	s.trace[id] = append(s.trace[id], what)
}

func (s *Stats) add(n *int) {
	s.mu.Lock()
	*n++
	s.mu.Unlock()
}

// Track is the outer connection middleware: it records the connection
// and, after next() returns, the disconnect (or the refusal an inner
// middleware made).
func (s *Stats) Track(c *socketio.Ctx, next func() error) error {
	s.step(c.ID(), "track:connect")
	err := next()
	if err != nil {
		s.step(c.ID(), "track:refused")
		s.add(&s.refused)
		return err
	}
	s.step(c.ID(), "track:disconnect")
	s.add(&s.disconnects)
	return nil
}

// Count is the packet middleware: it counts the events clients send.
func (s *Stats) Count(c *socketio.Ctx, next func() error) error {
	s.add(&s.events)
	return next()
}

// Show answers GET /stats.
func (s *Stats) Show(c *egg.Ctx) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	trace := make(map[string][]string, len(s.trace))
	for k, v := range s.trace {
		trace[k] = append([]string(nil), v...)
	}
	return c.JSON(http.StatusOK, map[string]any{
		"connects": s.connects, "refused": s.refused, "disconnects": s.disconnects,
		"events": s.events, "trace": trace,
	})
}
