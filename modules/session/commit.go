package session

import (
	"errors"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/internal/cookieval"
)

var (
	errLate     = errors.New("session: the response's headers went out, so the session can no longer be saved; change the session before writing the response")
	errDetached = errors.New("session: Save on a detached session (from Manager.NewSession or Decode); save it with Manager.Encode")
)

// load begins a request's session: it decodes the request's cookie (an
// unusable one gives an empty session). The save is registered to run
// just before the response's headers go out once the session needs it.
func (m *Manager) load(c *egg.Ctx) *state {
	st := &state{Session: Session{m: m, c: c, maxAge: m.cfg.MaxAge}}
	s := &st.Session
	if m.keys == nil {
		s.err = errNoKeys
		return st
	}
	if v := cookieval.Value(c.Request().Header, m.cfg.CookieName); v != "" {
		s.hadCookie = true
		if err := m.decodeInto(c, s, v); err != nil {
			if s.err != nil { // the store failed: not the client's doing
				c.Logger().Error("session: not loaded", "err", err)
				return st
			}
			c.Logger().Debug("session: cookie ignored, the session starts empty", "reason", err.Error())
		}
	}
	if s.resave {
		s.arm()
	}
	return st
}

// saveHook is the BeforeHeaders hook: it saves the session if it needs
// it. Headers are about to go out, so an error can only be logged and
// reported to the app's error listeners.
func (s *Session) saveHook() {
	if err := s.commit(); err != nil {
		s.c.Logger().Error("session: not saved", "err", err)
		s.c.App().EmitError(err, s.c)
	}
}

// Save saves the session now, if it changed, instead of just before the
// headers go out: to see a store's error in the handler, or before
// streaming a response. Later changes are saved as usual.
func (s *Session) Save() error {
	switch {
	case s.err != nil:
		return s.err
	case s.c == nil:
		return errDetached
	case s.c.Written():
		if s.dirty || s.resave || s.destroyed {
			return errLate
		}
		return nil
	}
	return s.commit()
}

// commit writes what changed: the store entry and the Set-Cookie header,
// or the removal of both.
func (s *Session) commit() error {
	if s.err != nil || s.c == nil || !(s.dirty || s.resave || s.destroyed) {
		return nil
	}
	m, c := s.m, s.c
	var errs []error
	for _, id := range s.oldIDs {
		if err := m.store.Destroy(c, id); err != nil {
			errs = append(errs, err)
		}
	}
	s.oldIDs = nil
	secure := c.Secure()
	if s.data.empty() {
		// nothing worth a cookie: remove the one the client has
		if s.loaded && s.idOK && m.store != nil {
			if err := m.store.Destroy(c, encodeID(s.header.id)); err != nil {
				errs = append(errs, err)
			}
		}
		if s.hadCookie {
			s.setCookie(m.deleteCookieLine(secure))
		}
		s.loaded, s.hadCookie = false, false
	} else {
		line, err := m.setCookieLine(c, s, secure)
		if err != nil {
			errs = append(errs, err)
		} else {
			s.setCookie(line)
			s.loaded, s.hadCookie = true, true
		}
	}
	s.dirty, s.resave, s.destroyed = false, false, false
	return errors.Join(errs...)
}

// setCookie adds the session's Set-Cookie header, replacing the one an
// earlier Save in this request added.
func (s *Session) setCookie(v string) {
	h := s.c.Response().Header()
	if vs := h["Set-Cookie"]; s.sent != "" {
		for i := len(vs) - 1; i >= 0; i-- {
			if vs[i] == s.sent {
				vs[i], s.sent = v, v
				return
			}
		}
	}
	h["Set-Cookie"] = append(h["Set-Cookie"], v)
	s.sent = v
}
