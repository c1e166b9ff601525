package schedule

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// DefaultLockTTL is the default Config.LockTTL.
const DefaultLockTTL = time.Minute

// Config is module "schedule"'s config, env prefix SCHEDULE_. It lets an
// operator turn schedules off and retime them per deployment without a
// build; the schedules themselves are Go values (Register).
type Config struct {
	// Disable names schedules that do not run in this app, "*" for all
	// (e.g. a web-only replica). They are still listed and RunNow still
	// runs them. Env SCHEDULE_DISABLE, comma-separated. Default none.
	Disable []string `env:"DISABLE"`
	// Intervals overrides schedules' timing by name with an interval in
	// Egg's or Go's syntax (ParseInterval): "heartbeat:5s,report:1d".
	// It replaces a Cron as well. Env SCHEDULE_INTERVALS. Default none.
	Intervals map[string]string `env:"INTERVALS"`
	// LockTTL is how long the lock of a Worker tick lives, unless the
	// schedule sets its own: the most clock skew between instances that
	// still gives one run per tick. Locks are never released early.
	// Env SCHEDULE_LOCK_TTL. Default 1m.
	LockTTL time.Duration `env:"LOCK_TTL"`
	// LockPrefix starts every lock key; keys are
	// LockPrefix + name + "@" + tick (RFC 3339, UTC). Default "": means
	// "egg:schedule:<app name>:", so apps sharing a Redis do not collide;
	// the instances of one app must then share its name (egg.Name).
	// Env SCHEDULE_LOCK_PREFIX.
	LockPrefix string `env:"LOCK_PREFIX"`
}

// DefaultConfig returns the defaults: nothing disabled or retimed, locks
// living 1m, keys prefixed with the app name.
func DefaultConfig() Config {
	return Config{LockTTL: DefaultLockTTL}
}

// Validate checks LockTTL and every interval in Intervals.
func (c *Config) Validate() error {
	if c.LockTTL <= 0 {
		return egg.InvalidConfig("LockTTL", "must be positive, e.g. 1m: it is how much clock skew between instances a worker schedule tolerates")
	}
	iv := c.intervals()
	for _, name := range slices.Sorted(maps.Keys(iv)) {
		if _, err := ParseInterval(iv[name]); err != nil {
			return egg.InvalidConfig("Intervals", fmt.Sprintf("entry %s: %v", name, err))
		}
	}
	return nil
}

// intervals is Intervals with names trimmed, as "a:5s, b:1m" arrives
// from the environment.
func (c *Config) intervals() map[string]string {
	out := make(map[string]string, len(c.Intervals))
	for k, v := range c.Intervals {
		out[strings.TrimSpace(k)] = v
	}
	return out
}

// lockPrefix is LockPrefix or its default for app.
func (c *Config) lockPrefix(app string) string {
	if c.LockPrefix != "" {
		return c.LockPrefix
	}
	return "egg:schedule:" + app + ":"
}
