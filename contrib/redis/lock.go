package redis

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/egg-go/egg/modules/schedule"
	goredis "github.com/redis/go-redis/v9"
)

// Locker claims keys in Redis, one owner at a time, each claim lapsing
// after its ttl: a small distributed lock. Lock is the claim the
// schedule module needs (SET key token NX PX ttl, never released early:
// a schedule.Locker); TryLock returns a held Lock that its owner may
// Release or Extend, safely, with a compare-and-delete that never removes
// another owner's claim.
//
// The lock is a single Redis key: it holds while that Redis keeps its
// data. Across a failover to a replica that missed the write, or a
// restart without persistence, two owners can hold it; use it to avoid
// duplicate work, not where a double run would corrupt data.
type Locker struct {
	rc   UniversalClient
	name string // the client's name, for errors
}

var _ schedule.Locker = (*Locker)(nil)

// NewLocker returns a Locker on rc; name is the client's name for error
// messages.
func NewLocker(rc UniversalClient, name string) *Locker {
	return &Locker{rc: rc, name: name}
}

// Lock claims key for ttl and reports whether this call claimed it (SET
// key token NX PX ttl). A key already held, by anyone including this
// Locker, gives false. The claim is never released early: it lapses
// after ttl. This is the schedule.Locker method.
func (l *Locker) Lock(ctx context.Context, key string, ttl time.Duration) (acquired bool, err error) {
	lk, err := l.TryLock(ctx, key, ttl)
	return lk != nil, err
}

// TryLock claims key for ttl once, without waiting. It returns the held
// Lock, or nil (and no error) when another owner holds the key. ttl must
// be at least a millisecond.
func (l *Locker) TryLock(ctx context.Context, key string, ttl time.Duration) (*Lock, error) {
	if ttl < time.Millisecond {
		return nil, fmt.Errorf("redis lock %q: ttl %s is under Redis's 1ms; give the claim a lifetime", key, ttl)
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	err = l.rc.Do(ctx, "set", key, token, "px", ttl.Milliseconds(), "nx").Err()
	switch {
	case errors.Is(err, Nil):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("redis lock %q (client %q): SET NX: %w", key, l.name, err)
	}
	return &Lock{l: l, key: key, token: token}, nil
}

// Lock is a claim held by one owner: the key holds the owner's random
// token until the claim lapses or is released.
type Lock struct {
	l     *Locker
	key   string
	token string
}

// Key returns the claimed key.
func (k *Lock) Key() string { return k.key }

// Token returns the owner's token: the key's value while the claim holds.
func (k *Lock) Token() string { return k.token }

// releaseScript deletes the key only if it still holds the owner's token.
var releaseScript = goredis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// extendScript resets the key's ttl only if it still holds the owner's
// token.
var extendScript = goredis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`)

// Release ends the claim now, if it is still this owner's: a Lua
// compare-and-delete, so a claim that lapsed and was taken by another
// owner is left alone. released is false when the claim had already
// lapsed (or was released).
func (k *Lock) Release(ctx context.Context) (released bool, err error) {
	n, err := releaseScript.Run(ctx, k.l.rc, []string{k.key}, k.token).Int()
	if err != nil {
		return false, fmt.Errorf("redis lock %q (client %q): release: %w", k.key, k.l.name, err)
	}
	return n == 1, nil
}

// Extend gives the claim a new ttl from now, if it is still this
// owner's: for work that outlasts the first ttl. extended is false when
// the claim had lapsed; the work should then stop, since another owner
// may hold the key.
func (k *Lock) Extend(ctx context.Context, ttl time.Duration) (extended bool, err error) {
	if ttl < time.Millisecond {
		return false, fmt.Errorf("redis lock %q: ttl %s is under Redis's 1ms", k.key, ttl)
	}
	n, err := extendScript.Run(ctx, k.l.rc, []string{k.key}, k.token, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("redis lock %q (client %q): extend: %w", k.key, k.l.name, err)
	}
	return n == 1, nil
}

// newToken returns 128 random bits, URL-safe.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("redis lock: reading random bytes for the owner token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
