// Package presence tracks who is online in each room across instances,
// in Redis, keyed by socket id with timestamps — so the classic race of a
// reconnect (the new socket's connect arrives before the old socket's
// disconnect) never marks a reconnected user offline, and a late or
// duplicated event never brings a closed socket back.
//
//	p := presence.New(redisClient, presence.Options{})
//	// in a connection middleware:
//	p.Join(ctx, "lobby", user, c.ID(), time.Now())
//	err := next()
//	p.Leave(ctx, "lobby", user, c.ID(), time.Now())
//	// anywhere, on any instance:
//	users, err := p.Online(ctx, "lobby")
//
// A user is online in a room while at least one of their sockets is: each
// socket is its own entry, so leaving with one socket leaves the others.
// Each entry carries the time it was last seen; an instance refreshes its
// sockets' entries (Refresh, or Track's heartbeat), and an entry not seen
// for Options.TTL — its instance crashed — no longer counts. A Leave
// leaves a tombstone for TTL, so a Join or Refresh of the same socket with
// an earlier timestamp (delivered late) is ignored.
package presence

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Options configure a Presence; zero values take the defaults.
type Options struct {
	// Key prefixes the Redis keys: "<Key>:<room>" (a sorted set of
	// "<user>\x00<socket id>" scored by last-seen milliseconds) and
	// "<Key>:<room>:gone" (tombstones). Default "presence".
	Key string
	// TTL is how long an entry counts without a refresh, and how long a
	// tombstone lasts. Default 60s.
	TTL time.Duration
	// Now is the clock; default time.Now. Tests set it.
	Now func() time.Time
}

// Presence is the online list of every room, shared by the instances on
// one Redis.
type Presence struct {
	rdb redis.UniversalClient
	o   Options
}

// New returns a Presence on rdb.
func New(rdb redis.UniversalClient, o Options) *Presence {
	if o.Key == "" {
		o.Key = "presence"
	}
	if o.TTL <= 0 {
		o.TTL = time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Presence{rdb: rdb, o: o}
}

// errBadName refuses names that would break the key layout.
var errBadName = errors.New("presence: room, user and socket id must be non-empty and must not contain NUL")

func check(parts ...string) error {
	for _, p := range parts {
		if p == "" || strings.ContainsRune(p, 0) {
			return errBadName
		}
	}
	return nil
}

func (p *Presence) keys(room string) []string {
	return []string{p.o.Key + ":" + room, p.o.Key + ":" + room + ":gone"}
}

// seen adds or refreshes the entry unless a tombstone as late or later
// exists, and never moves an entry back in time.
var seen = redis.NewScript(`
local gone = redis.call('HGET', KEYS[2], ARGV[2])
if gone and tonumber(gone) >= tonumber(ARGV[3]) then return 0 end
local cur = redis.call('ZSCORE', KEYS[1], ARGV[1])
if cur and tonumber(cur) >= tonumber(ARGV[3]) then return 1 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`)

// left removes the entry unless it was seen after the leave, and writes
// the tombstone.
var left = redis.NewScript(`
local cur = redis.call('ZSCORE', KEYS[1], ARGV[1])
if cur and tonumber(cur) > tonumber(ARGV[3]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
local gone = redis.call('HGET', KEYS[2], ARGV[2])
if not gone or tonumber(gone) < tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
`)

// Join records that socketID of user is in room, as of at.
func (p *Presence) Join(ctx context.Context, room, user, socketID string, at time.Time) error {
	if err := check(room, user, socketID); err != nil {
		return err
	}
	return seen.Run(ctx, p.rdb, p.keys(room), user+"\x00"+socketID, socketID,
		at.UnixMilli(), p.o.TTL.Milliseconds()*2).Err()
}

// Refresh is Join for a socket already in: its heartbeat.
func (p *Presence) Refresh(ctx context.Context, room, user, socketID string, at time.Time) error {
	return p.Join(ctx, room, user, socketID, at)
}

// Leave records that socketID of user left room at at. The user's other
// sockets keep them online.
func (p *Presence) Leave(ctx context.Context, room, user, socketID string, at time.Time) error {
	if err := check(room, user, socketID); err != nil {
		return err
	}
	return left.Run(ctx, p.rdb, p.keys(room), user+"\x00"+socketID, socketID,
		at.UnixMilli(), p.o.TTL.Milliseconds()).Err()
}

// Online lists the users of room with a socket seen within TTL, sorted.
func (p *Presence) Online(ctx context.Context, room string) ([]string, error) {
	if err := check(room); err != nil {
		return nil, err
	}
	k := p.keys(room)[0]
	since := p.o.Now().Add(-p.o.TTL).UnixMilli()
	members, err := p.rdb.ZRangeByScore(ctx, k, &redis.ZRangeBy{Min: strconv.FormatInt(since, 10), Max: "+inf"}).Result()
	if err != nil {
		return nil, err
	}
	// entries of crashed instances: drop them while here
	_ = p.rdb.ZRemRangeByScore(ctx, k, "-inf", "("+strconv.FormatInt(since, 10)).Err()
	set := map[string]bool{}
	for _, m := range members {
		user, _, _ := strings.Cut(m, "\x00")
		set[user] = true
	}
	out := make([]string, 0, len(set))
	for u := range set {
		out = append(out, u)
	}
	sort.Strings(out)
	return out, nil
}

// IsOnline reports whether user has a socket in room seen within TTL.
func (p *Presence) IsOnline(ctx context.Context, room, user string) (bool, error) {
	users, err := p.Online(ctx, room)
	if err != nil {
		return false, err
	}
	i := sort.SearchStrings(users, user)
	return i < len(users) && users[i] == user, nil
}
