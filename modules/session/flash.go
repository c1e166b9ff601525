package session

// AddFlash queues a message of a kind ("info", "error", ...) for the next
// request that reads that kind, typically the page a redirect leads to:
//
//	s.AddFlash("info", "Saved.")
//	return c.Redirect(http.StatusSeeOther, "/items")
//
// It fails as Set does (the session cannot be saved, or the cookie would
// be too large).
func (s *Session) AddFlash(kind, msg string) error {
	if err := s.writable(); err != nil {
		return err
	}
	s.own()
	if s.data.flashes == nil {
		s.data.flashes = make(map[string][]string, 1)
	}
	s.data.flashes[kind] = append(s.data.flashes[kind], msg)
	if err := s.checkSize("AddFlash", kind); err != nil {
		if msgs := s.data.flashes[kind]; len(msgs) == 1 {
			delete(s.data.flashes, kind)
		} else {
			s.data.flashes[kind] = msgs[:len(msgs)-1]
		}
		return err
	}
	s.changed()
	return nil
}

// Flashes returns the messages of a kind, oldest first, and removes them
// from the session: each message is shown once. nil when there are none.
func (s *Session) Flashes(kind string) []string {
	if _, ok := s.data.flashes[kind]; !ok {
		return nil
	}
	s.own() // the messages returned are this session's copy
	msgs := s.data.flashes[kind]
	delete(s.data.flashes, kind)
	s.changed()
	return msgs
}
