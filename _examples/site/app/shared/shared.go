// Package shared is what the site's instances share when REDIS_URL is set
// (contrib/redis): sessions live in Redis, so a login on one instance is
// seen on every other; the heartbeat schedule's worker lock is taken in
// Redis, so it runs once per tick across all instances; and every beat
// INCRs the Redis key "site:heartbeat", which outside tooling counts.
// Without REDIS_URL the site runs alone: cookie sessions, an in-process
// lock, no counter.
package shared

import (
	"context"
	"fmt"

	"github.com/egg-go/egg/_examples/site/app/schedule"
	"github.com/egg-go/egg/contrib/redis"
	"go.uber.org/fx"
)

// HeartbeatKey is the Redis key each heartbeat increments.
const HeartbeatKey = "site:heartbeat"

// Options switches the shared state on when redisURL is not empty. The
// redis module reads the default client's address from REDIS_URL itself.
func Options(redisURL string) []fx.Option {
	if redisURL == "" {
		return nil
	}
	return []fx.Option{
		redis.Module,
		redis.SessionStore(),   // modules/session stores sessions in Redis
		redis.ScheduleLocker(), // modules/schedule's worker lock in Redis
		fx.Provide(fx.Annotate(newPulse, fx.As(new(schedule.Pulse)))),
	}
}

// pulse INCRs HeartbeatKey on each beat.
type pulse struct{ rc redis.UniversalClient }

func newPulse(rc redis.UniversalClient) *pulse { return &pulse{rc: rc} }

// Beat counts the beat in Redis.
func (p *pulse) Beat(ctx context.Context, _ int64) error {
	if err := p.rc.Incr(ctx, HeartbeatKey).Err(); err != nil {
		return fmt.Errorf("site: INCR %s: %w", HeartbeatKey, err)
	}
	return nil
}
