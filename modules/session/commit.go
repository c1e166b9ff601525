package session

import (
	"errors"

	"github.com/egg-go/egg"
)

var (
	errLate     = errors.New("session: session.Get was first called after the response's headers went out, so the session cannot be saved; call session.Get before writing the response")
	errDetached = errors.New("session: Save on a detached session (from Manager.NewSession or Decode); save it with Manager.Encode")
)

// load begins a request's session: it decodes the request's cookie (an
// unusable one gives an empty session) and registers the save that runs
// just before the response's headers go out.
func (m *Manager) load(c *egg.Ctx) *Session {
	s := m.newSession(c)
	switch {
	case c.Written():
		s.err = errLate
		return s
	case m.keys == nil:
		s.err = errNoKeys
		return s
	}
	if v := c.Cookie(m.cfg.CookieName); v != "" {
		s.hadCookie = true
		if err := m.decodeInto(c, s, v); err != nil {
			if s.err != nil { // the store failed: not the client's doing
				c.Logger().Error("session: not loaded", "err", err)
				return s
			}
			c.Logger().Debug("session: cookie ignored, the session starts empty", "reason", err.Error())
		}
	}
	s.hook = s.saveHook
	c.BeforeHeaders(s.hook)
	return s
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
		return errLate
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
			s.setCookie(m.setCookieHeader("", 0, secure))
		}
		s.loaded, s.hadCookie = false, false
	} else {
		v, err := m.save(c, s)
		if err != nil {
			errs = append(errs, err)
		} else {
			s.setCookie(m.setCookieHeader(v, s.maxAge, secure))
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
