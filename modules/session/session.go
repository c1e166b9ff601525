package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/egg-go/egg"
)

// Session is one visitor's session (Egg's ctx.session): JSON values by
// key and flash messages, loaded from the request's cookie (and store) on
// the first session.Get and saved, when it changed, just before the
// response's headers go out. A tampered, expired or undecryptable cookie
// gives an empty session.
//
// A Session belongs to its request: do not keep it after the handler
// returns or use it from other goroutines.
type Session struct {
	m      *Manager // nil only where the app has no session module
	c      *egg.Ctx // nil for a detached session (Manager.NewSession, Decode)
	header header
	data   data
	maxAge time.Duration
	oldIDs []string // ids to remove from the store on save (Regenerate, Destroy)
	err    error    // why this session cannot be saved, if it cannot
	hook   func()
	sent   string // the Set-Cookie header this request added, if any

	idOK      bool // header.id is set
	loaded    bool // a valid session came with the request
	hadCookie bool // the request carried the session cookie, valid or not
	shared    bool // data is the Manager's remembered copy: own it before changing it
	dirty     bool // values, flashes, id or max age changed
	resave    bool // unchanged, but due for renewal or made with an old key
	destroyed bool
}

// Get returns the request's session, loading it on the first call in a
// request (later calls return the same *Session). A request whose handler
// never calls Get pays nothing for sessions: no decoding, no allocation.
//
// Where the session middleware did not run (module missing, middleware
// disabled or skipped by its Match/Ignore, an anonymous context), Get
// returns an empty session whose Set, AddFlash and Save return an error
// saying why.
func Get(c *egg.Ctx) *Session {
	st, ok := lookup(c)
	switch {
	case !ok:
		if env := c.App().Env(); env == "local" || env == "unittest" {
			c.Logger().Warn(errOff.Error())
		}
		return &Session{c: c, err: errOff, maxAge: DefaultConfig().MaxAge}
	case st.pending:
		st = st.m.load(c)
		st.m.slot.Set(c, st)
	}
	return &st.Session
}

// state is the request's session slot, a request-scoped service: the
// Manager's shared pending value once the middleware ran, the loaded
// session after Get, or, where the middleware did not run, an empty
// session that cannot be saved.
type state struct {
	Session
	pending bool
}

// lookup finds the request's state; ok is false when the app has no
// session module.
func lookup(c *egg.Ctx) (st *state, ok bool) {
	defer func() {
		if recover() != nil { // egg.Use panics for a type no module registered
			st, ok = nil, false
		}
	}()
	return egg.Use[*state](c), true
}

// Get decodes the value under key into ptr and reports whether the key
// was there. A value that does not decode into ptr's type (the code
// changed what it stores) is an error naming the key and both types.
func (s *Session) Get(key string, ptr any) (bool, error) {
	raw, ok := s.data.values[key]
	if !ok {
		return false, nil
	}
	if err := decodeValue(raw, ptr); err != nil {
		return true, fmt.Errorf("session: value %q does not decode into %T: %w; read it into the type it was stored as, or Delete it", key, ptr, err)
	}
	return true, nil
}

// Value returns the value under key as a T; ok is false when the key is
// missing or its value does not decode into T (use Session.Get to see
// why).
//
//	name, ok := session.Value[string](session.Get(c), "user")
func Value[T any](s *Session, key string) (v T, ok bool) {
	found, err := s.Get(key, &v)
	if !found || err != nil {
		var zero T
		return zero, false
	}
	return v, true
}

// Has reports whether key is set.
func (s *Session) Has(key string) bool {
	_, ok := s.data.values[key]
	return ok
}

// Keys returns the keys set, sorted.
func (s *Session) Keys() []string {
	keys := make([]string, 0, len(s.data.values))
	for k := range s.data.values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Len returns the number of values set.
func (s *Session) Len() int { return len(s.data.values) }

// Set stores v, encoded as JSON, under key. It fails when v does not
// encode as JSON, when the session cannot be saved (see Get), and, with
// the cookie store, when the cookie would pass CookieSizeLimit (a
// *TooLargeError): returned from a handler, each is a 500 that names the
// fix. Setting the value a key already holds changes nothing.
func (s *Session) Set(key string, v any) error {
	if err := s.writable(); err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("session: Set(%q): %T does not encode as JSON: %w; store JSON-encodable data (strings, numbers, bools, slices, maps, structs with exported fields)", key, v, err)
	}
	old, had := s.data.values[key]
	if had && bytes.Equal(old, b) {
		return nil
	}
	s.own()
	if s.data.values == nil {
		s.data.values = make(map[string]json.RawMessage, 4)
	}
	s.data.values[key] = b
	if err := s.checkSize("Set", key); err != nil {
		if had {
			s.data.values[key] = old
		} else {
			delete(s.data.values, key)
		}
		return err
	}
	s.changed()
	return nil
}

// Delete removes key.
func (s *Session) Delete(key string) {
	if _, ok := s.data.values[key]; ok {
		s.own()
		delete(s.data.values, key)
		s.changed()
	}
}

// ID returns the session's id: the store's key with an external store,
// and with the cookie store an id that Regenerate changes. A new session
// gets its id here or when it is first saved. Do not log it: it grants
// the session to whoever has it (with a store).
func (s *Session) ID() string {
	if !s.idOK {
		s.header.id, s.idOK = newID(), true
	}
	return encodeID(s.header.id)
}

// IsNew reports whether the request came without a valid session.
func (s *Session) IsNew() bool { return !s.loaded }

// Expires returns when the session, as last loaded or saved, expires; the
// zero time for a session never saved.
func (s *Session) Expires() time.Time {
	if s.header.expires == 0 {
		return time.Time{}
	}
	return time.Unix(s.header.expires, 0)
}

// MaxAge returns how long the session lives after it is saved.
func (s *Session) MaxAge() time.Duration { return s.maxAge }

// SetMaxAge changes how long this session lives after each save (Egg's
// ctx.session.maxAge), e.g. 30 days for "remember me"; it is kept in the
// session, so renewals use it too. d must be at least a second.
func (s *Session) SetMaxAge(d time.Duration) error {
	if err := s.writable(); err != nil {
		return err
	}
	if d < time.Second || d > maxAgeLimit*time.Second {
		return fmt.Errorf("session: SetMaxAge(%s): use a duration from 1s to 100 years", d)
	}
	d = d.Truncate(time.Second)
	if d == s.maxAge {
		return nil
	}
	old := s.maxAge
	s.maxAge = d
	if err := s.checkSize("SetMaxAge", ""); err != nil {
		s.maxAge = old
		return err
	}
	s.changed()
	return nil
}

// Regenerate gives the session a new id and keeps its values: call it
// when the user signs in (or their privileges change), so an id an
// attacker planted before cannot ride the new login (session fixation).
// With a store the old id is removed from it when the session is saved;
// with the cookie store the cookie changes. The change is saved with the
// response.
func (s *Session) Regenerate() {
	if s.err != nil {
		return
	}
	s.retireID()
	s.changed()
}

// Destroy empties the session and, with the response, deletes its cookie
// and its entry in the store (Egg's ctx.session = null): sign out. Values
// set after Destroy start a new session with a new id.
func (s *Session) Destroy() {
	if s.err != nil {
		return
	}
	s.retireID()
	s.data = data{}
	s.maxAge = s.defaultMaxAge()
	s.destroyed = true
	s.changed()
}

func (s *Session) defaultMaxAge() time.Duration {
	if s.m == nil {
		return DefaultConfig().MaxAge
	}
	return s.m.cfg.MaxAge
}

// retireID drops the current id, to be removed from the store on save.
func (s *Session) retireID() {
	if s.idOK && s.loaded && s.m != nil && s.m.store != nil {
		s.oldIDs = append(s.oldIDs, encodeID(s.header.id))
	}
	s.idOK = false
	s.header.id = [idLen]byte{}
}

// writable returns why the session cannot take a change now, or nil.
func (s *Session) writable() error {
	if s.err != nil {
		return s.err
	}
	if s.c != nil && s.c.Written() {
		return errLate
	}
	return nil
}

// changed marks the session for saving.
func (s *Session) changed() {
	s.dirty = true
	s.arm()
}

// arm registers the save as a BeforeHeaders hook, once, when the session
// first needs saving: a request that only reads its session registers
// nothing.
func (s *Session) arm() {
	if s.hook != nil || s.c == nil || s.c.Written() {
		return
	}
	s.hook = s.saveHook
	s.c.BeforeHeaders(s.hook)
}

// Err returns why the session cannot be saved, or nil: the session
// middleware did not run, the app has no keys, or the store failed to
// load it.
func (s *Session) Err() error { return s.err }

// checkSize refuses a change that makes the cookie store's cookie larger
// than CookieSizeLimit.
func (s *Session) checkSize(op, key string) error {
	if s.m == nil || s.m.store != nil {
		return nil
	}
	if n := s.m.cookieLen(s); n > CookieSizeLimit {
		return &TooLargeError{Op: op, Key: key, Size: n, Name: s.m.cfg.CookieName}
	}
	return nil
}

// TooLargeError is returned by Set and AddFlash when, with the cookie
// store, the session's cookie would be larger than CookieSizeLimit. The
// change is not made.
type TooLargeError struct {
	Op   string // "Set", "AddFlash" or "SetMaxAge"
	Key  string // the key set, or the flash kind
	Size int    // the cookie's size with the change, in bytes
	Name string // the cookie's name
}

// Error names the size, the limit and the fix.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("session: %s(%q) would make the session cookie %s %d bytes, more than the %d bytes browsers keep, so the change was not made; "+
		"keep less in the session (an id instead of a record), or keep sessions on the server: "+
		"fx.Provide(func() session.Store { return session.NewMemoryStore(0) }) for one process, or contrib/redis's session store",
		e.Op, e.Key, e.Name, e.Size, CookieSizeLimit)
}
