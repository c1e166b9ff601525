package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/egg-go/egg/modules/session"
)

// Sessions keeps the sessions of modules/session in Redis: one key
// per session, prefix + session id, holding the session's bytes, with the
// session's max age as its TTL (Egg's app.sessionStore on egg-redis). Its
// methods follow the request's context: a canceled or timed-out request
// cancels its Redis call.
//
// It does not own the client: closing the app closes the client, not the
// store. SessionStore() wires it into an app.
type Sessions struct {
	rc     UniversalClient
	name   string // the client's name, for errors
	prefix string
}

var _ session.Store = (*Sessions)(nil)

// NewSessions returns a store on rc whose keys start with prefix
// (e.g. "egg:session:shop:"). name is the client's name for error
// messages.
func NewSessions(rc UniversalClient, name, prefix string) *Sessions {
	return &Sessions{rc: rc, name: name, prefix: prefix}
}

// Get returns the session saved under id; found is false when there is
// none or it expired.
func (s *Sessions) Get(ctx context.Context, id string) ([]byte, bool, error) {
	b, err := s.rc.Get(ctx, s.prefix+id).Bytes()
	switch {
	case errors.Is(err, Nil):
		return nil, false, nil
	case err != nil:
		return nil, false, s.fail("GET", err)
	}
	return b, true, nil
}

// Set saves data under id for ttl (SET key data PX ttl), replacing what
// was there.
func (s *Sessions) Set(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	if ttl < time.Millisecond {
		return fmt.Errorf("redis session store: ttl %s is under Redis's 1ms; session.Config.MaxAge sets it", ttl)
	}
	if err := s.rc.Set(ctx, s.prefix+id, data, ttl).Err(); err != nil {
		return s.fail("SET", err)
	}
	return nil
}

// Destroy removes the session saved under id (DEL); a missing one is not
// an error.
func (s *Sessions) Destroy(ctx context.Context, id string) error {
	if err := s.rc.Del(ctx, s.prefix+id).Err(); err != nil {
		return s.fail("DEL", err)
	}
	return nil
}

// fail describes a failed command without the key: a session id grants
// the session to whoever has it, so it stays out of logs.
func (s *Sessions) fail(cmd string, err error) error {
	return fmt.Errorf("redis session store (client %q): %s: %w", s.name, cmd, err)
}
