package session

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// Manager encodes and decodes an app's sessions: its config, keys and
// store. The module makes one per app; session.Get uses it for each
// request. Reach it with ManagerOf to read or make session cookies outside
// the middleware (a WebSocket handshake, tests: see package sessiontest).
type Manager struct {
	cfg   Config
	keys  *keyring // nil when the app has no keys (Set then fails, naming the fix)
	store Store    // nil: the cookie is the store
	now   func() time.Time

	slot    *egg.Service[*state] // the request's session slot
	pending *state               // what the middleware puts in the slot
	opened  openedCache          // what recent cookie values decrypted to

	// Set-Cookie attributes, precomputed: before Max-Age and after it
	// (Secure is added per request).
	namePrefix           string // "<name>="
	attrsHead, attrsTail string
	forceSecure          bool
}

// errNoKeys is what a session of an app without keys returns from Set.
var errNoKeys = errors.New("session: the app has no keys to encrypt the session cookie (AppConfig.Keys is empty); " +
	"set EGG_KEYS to one or more long random secrets, comma-separated, the first encrypts and all decrypt " +
	"(e.g. `openssl rand -base64 32`), or egg.Configure(func(c *egg.AppConfig) { c.Keys = ... })")

var (
	errExpired      = errors.New("session: the session expired")
	errStoreMissing = errors.New("session: the store has no session with the cookie's id (expired, or destroyed)")
)

// NewManager returns a Manager for cfg that encrypts with the first of
// keys and decrypts with any of them (rotate keys by putting the new one
// first), and keeps sessions in store, or in the cookie when store is
// nil. cfg is validated; keys may be empty only to make a Manager whose
// sessions cannot be saved (each Set returns an error naming the fix).
func NewManager(cfg Config, keys []string, store Store) (*Manager, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Manager{cfg: cfg, store: store, now: time.Now}
	m.pending = &state{Session: Session{m: m}, pending: true}
	if len(keys) > 0 {
		kr, err := newKeyring(keys)
		if err != nil {
			return nil, err
		}
		m.keys = kr
	}
	m.precompute()
	return m, nil
}

func (m *Manager) precompute() {
	var head, tail strings.Builder
	head.WriteString("; Path=")
	head.WriteString(m.cfg.Path)
	if m.cfg.Domain != "" {
		head.WriteString("; Domain=")
		head.WriteString(m.cfg.Domain)
	}
	if m.cfg.HTTPOnly {
		tail.WriteString("; HttpOnly")
	}
	switch strings.ToLower(m.cfg.SameSite) {
	case SameSiteStrict:
		tail.WriteString("; SameSite=Strict")
	case SameSiteNone:
		tail.WriteString("; SameSite=None")
		m.forceSecure = true // browsers drop SameSite=None cookies that are not Secure
	default:
		tail.WriteString("; SameSite=Lax")
	}
	m.namePrefix, m.attrsHead, m.attrsTail = m.cfg.CookieName+"=", head.String(), tail.String()
}

// Config returns the manager's config.
func (m *Manager) Config() Config { return m.cfg }

// CookieName returns the session cookie's name.
func (m *Manager) CookieName() string { return m.cfg.CookieName }

// Decode reads a session cookie's value into a detached session: one
// that belongs to no request, for reading (its changes are saved only by
// Manager.Encode). The error says why a cookie gives no session
// (tampered, made with a retired key, expired, not in the store); a
// request in that case simply gets an empty session.
func (m *Manager) Decode(ctx context.Context, value string) (*Session, error) {
	s := m.newSession(nil)
	if m.keys == nil {
		s.err = errNoKeys
		return s, errNoKeys
	}
	err := m.decodeInto(ctx, s, value)
	return s, err
}

// NewSession returns a new, empty detached session, to fill and pass to
// Encode.
func (m *Manager) NewSession() *Session {
	s := m.newSession(nil)
	if m.keys == nil {
		s.err = errNoKeys
	}
	return s
}

// Encode saves a detached session (to the store, if any, removing the ids
// Regenerate and Destroy retired) and returns its cookie as the module
// would set it on a plain HTTP request (Secure only with SameSite none).
// Use it to make sessions for tests or from outside a request.
func (m *Manager) Encode(ctx context.Context, s *Session) (*http.Cookie, error) {
	if s.m != m || s.c != nil {
		return nil, errors.New("session: Manager.Encode takes a session from this manager's NewSession or Decode")
	}
	if s.err != nil {
		return nil, s.err
	}
	for _, id := range s.oldIDs {
		if err := m.store.Destroy(ctx, id); err != nil {
			return nil, fmt.Errorf("session: the store could not remove a retired session id: %w", err)
		}
	}
	s.oldIDs = nil
	value, err := m.save(ctx, s, "", 0)
	if err != nil {
		return nil, err
	}
	return &http.Cookie{Name: m.cfg.CookieName, Value: string(value), Path: m.cfg.Path, Domain: m.cfg.Domain,
		MaxAge: int(s.maxAge / time.Second), HttpOnly: m.cfg.HTTPOnly, Secure: m.forceSecure,
		SameSite: m.sameSite()}, nil
}

func (m *Manager) sameSite() http.SameSite {
	switch strings.ToLower(m.cfg.SameSite) {
	case SameSiteStrict:
		return http.SameSiteStrictMode
	case SameSiteNone:
		return http.SameSiteNoneMode
	}
	return http.SameSiteLaxMode
}

func (m *Manager) newSession(c *egg.Ctx) *Session {
	return &Session{m: m, c: c, maxAge: m.cfg.MaxAge}
}

// decodeInto fills s from a cookie value; on any error s stays empty. A
// value seen recently is not decrypted again (see openedCache).
func (m *Manager) decodeInto(ctx context.Context, s *Session, value string) error {
	o := m.opened.get(value)
	if o == nil {
		plain, key, err := m.keys.open(value, m.cfg.CookieName)
		if err != nil {
			return err
		}
		h, rest, err := parseHeader(plain)
		if err != nil {
			return err
		}
		o = &opened{h: h, key: key, size: len(plain)}
		if m.store == nil {
			if o.d, err = parseData(rest); err != nil {
				return err
			}
		}
		m.opened.put(value, o)
	}
	h := o.h
	now := m.now().Unix()
	if h.expires <= now {
		return errExpired
	}
	d, shared := o.d, true
	if m.store != nil {
		b, found, err := m.store.Get(ctx, encodeID(h.id))
		if err != nil {
			s.err = fmt.Errorf("session: the store could not load the session, so this request's session is empty and will not be saved (it would overwrite the stored one): %w", err)
			return s.err
		}
		if !found {
			return errStoreMissing
		}
		if d, err = parseData(b); err != nil {
			return err
		}
		shared = false
	}
	s.data, s.shared, s.header, s.idOK, s.loaded = d, shared, h, true, true
	if s.header.maxAge <= 0 {
		s.header.maxAge = m.cfg.MaxAge
	}
	s.maxAge = s.header.maxAge
	if o.key > 0 {
		s.resave = true // made with an old key: save it with the current one
	}
	if m.cfg.Renew && h.expires-now < int64(s.maxAge/time.Second)/2 {
		s.resave = true
	}
	return nil
}

// save writes s to the store (if any) with a fresh expiry and returns
// prefix followed by the cookie value, with room for extra more bytes.
func (m *Manager) save(ctx context.Context, s *Session, prefix string, extra int) ([]byte, error) {
	if !s.idOK {
		s.header.id, s.idOK = newID(), true
	}
	s.header.maxAge = s.maxAge
	s.header.expires = m.now().Add(s.maxAge).Unix()
	plainLen := headerLen(&s.header)
	if m.store == nil {
		plainLen += dataLen(&s.data)
	} else {
		buf := appendData(make([]byte, 0, dataLen(&s.data)), &s.data)
		if err := m.store.Set(ctx, encodeID(s.header.id), buf, s.maxAge); err != nil {
			return nil, fmt.Errorf("session: the store could not save the session: %w", err)
		}
	}
	buf := appendHeader(newSealBuf(plainLen), &s.header)
	if m.store == nil {
		buf = appendData(buf, &s.data)
	}
	out := make([]byte, 0, len(prefix)+sealedLen(plainLen)+extra)
	out = append(out, prefix...)
	return m.keys.seal(out, buf, m.cfg.CookieName), nil
}

// setCookieLine returns the Set-Cookie header that saves s, or an error
// from the store.
func (m *Manager) setCookieLine(ctx context.Context, s *Session, secure bool) (string, error) {
	b, err := m.save(ctx, s, m.namePrefix, len(m.attrsHead)+len(m.attrsTail)+len("; Max-Age=; Secure")+20)
	if err != nil {
		return "", err
	}
	return string(m.appendAttrs(b, s.maxAge, secure)), nil
}

// deleteCookieLine returns the Set-Cookie header that deletes the
// session cookie.
func (m *Manager) deleteCookieLine(secure bool) string {
	return string(m.appendAttrs([]byte(m.namePrefix), -1, secure))
}

// appendAttrs appends the cookie's attributes; a negative maxAge deletes
// the cookie.
func (m *Manager) appendAttrs(b []byte, maxAge time.Duration, secure bool) []byte {
	b = append(b, m.attrsHead...)
	if maxAge < 0 {
		b = append(b, "; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"...)
	} else {
		b = append(b, "; Max-Age="...)
		b = strconv.AppendInt(b, int64(maxAge/time.Second), 10)
	}
	b = append(b, m.attrsTail...)
	if secure || m.forceSecure {
		b = append(b, "; Secure"...)
	}
	return b
}

// cookieLen is the length of the session cookie (name=value) that s
// would make in the cookie store.
func (m *Manager) cookieLen(s *Session) int {
	h := s.header
	h.maxAge = s.maxAge
	return len(m.cfg.CookieName) + 1 + sealedLen(headerLen(&h)+dataLen(&s.data))
}

func newID() (id [idLen]byte) {
	_, _ = rand.Read(id[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	return id
}

// encodeID is an id as the store sees it: 22 URL-safe characters.
func encodeID(id [idLen]byte) string { return base64.RawURLEncoding.EncodeToString(id[:]) }
