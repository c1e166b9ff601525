package redis

import (
	"context"
	"errors"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/health"
	"github.com/egg-go/egg/modules/schedule"
	"github.com/egg-go/egg/modules/session"
	"go.uber.org/fx"
)

// Name is the module's name: the prefix of its environment variables
// (REDIS_), its name in egg.Disable and egg.Requires, and its logger's.
const Name = "redis"

// Module is module "redis" (egg-redis). It declares Config, provides
// *redis.Clients (every client, Get by name) and redis.UniversalClient
// (the default client), pings every client in WillReady, so the app is
// not ready until Redis answers (Weak clients excepted), and closes them
// in BeforeClose, after in-flight requests and, when the app has one,
// after the schedule module's scheduler has stopped.
//
//	egg.Run(modules.Default(), redis.Module, redis.SessionStore(), redis.ScheduleLocker(), app.Module)
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	fx.Provide(newAppClients, defaultClient),
	egg.Boot(newBoot),
	// A readiness check per client for modules/health (/readyz): a strong
	// client that stops answering PING turns the instance not-ready; a weak
	// one is reported but never fails readiness.
	fx.Provide(fx.Annotate(readinessChecks, fx.ResultTags(`group:"health.checks,flatten"`))),
)

// readinessChecks are the clients' checks in modules/health's shape.
func readinessChecks(cs *Clients) []health.Check {
	var out []health.Check
	for _, c := range cs.Checks() {
		run, weak, name := c.Run, c.Weak, c.Name
		out = append(out, health.Check{Name: name, Func: func(ctx context.Context) error {
			err := run(ctx)
			if err != nil && weak {
				return nil // degraded, not unready: the app works without a weak client
			}
			return err
		}})
	}
	return out
}

// newAppClients makes the app's clients, logging as logger=redis.
func newAppClients(cfg Config, app *egg.App) (*Clients, error) {
	return New(cfg, app.LoggerFor(Name))
}

// defaultClient is the UniversalClient the module provides.
func defaultClient(cs *Clients) (UniversalClient, error) { return cs.Get(DefaultClient) }

// boot connects the clients when the app gets ready and closes them when
// it closes.
type boot struct {
	cs    *Clients
	sched *schedule.Scheduler
}

type bootIn struct {
	fx.In
	Clients   *Clients
	Scheduler *schedule.Scheduler `optional:"true"`
}

func newBoot(in bootIn) *boot { return &boot{cs: in.Clients, sched: in.Scheduler} }

// WillReady waits for every client (Clients.Connect).
func (b *boot) WillReady(ctx context.Context) error { return b.cs.Connect(ctx) }

// BeforeClose stops the app's scheduler first, when it has one (its tasks
// and its locker may use Redis), then closes the clients.
func (b *boot) BeforeClose(ctx context.Context) error {
	var errs []error
	if b.sched != nil {
		errs = append(errs, b.sched.Stop(ctx))
	}
	errs = append(errs, b.cs.Close())
	return errors.Join(errs...)
}

// SessionStore keeps the sessions of modules/session in Redis, on
// Config.SessionClient (the default client unless set), under
// Config.SessionPrefix (default "egg:session:<app name>:"), each for the
// session's max age. It is a module that requires "redis" and "session":
//
//	egg.Run(modules.Default(), redis.Module, redis.SessionStore(), app.Module)
func SessionStore() fx.Option {
	return egg.Module("redis.session",
		egg.Requires(Name, "session"),
		fx.Provide(func(cs *Clients, cfg Config, app *egg.App) (session.Store, error) {
			name := cfg.SessionClient
			if name == "" {
				name = DefaultClient
			}
			rc, err := cs.Get(name)
			if err != nil {
				return nil, err
			}
			prefix := cfg.SessionPrefix
			if prefix == "" {
				prefix = "egg:session:" + app.Name() + ":"
			}
			return NewSessions(rc, name, prefix), nil
		}),
	)
}

// ScheduleLocker runs each tick of a Worker schedule once across every
// instance of the app that shares the Redis of Config.LockClient (the
// default client unless set): modules/schedule claims the tick with a
// Locker. It is a module that requires "redis" and "schedule":
//
//	egg.Run(modules.Default(), redis.Module, redis.ScheduleLocker(), app.Module)
func ScheduleLocker() fx.Option {
	return egg.Module("redis.schedule",
		egg.Requires(Name, "schedule"),
		fx.Provide(func(cs *Clients, cfg Config) (schedule.Locker, error) {
			name := cfg.LockClient
			if name == "" {
				name = DefaultClient
			}
			rc, err := cs.Get(name)
			if err != nil {
				return nil, err
			}
			return NewLocker(rc, name), nil
		}),
	)
}
