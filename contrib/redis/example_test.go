package redis_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/redis"
	"github.com/egg-go/egg/modules/schedule"
	"github.com/egg-go/egg/modules/session"
	"go.uber.org/fx"
)

// The module with sessions and worker schedules in Redis: every instance
// of "shop" started with the same REDIS_URL shares its sessions, and runs
// each tick of "report" once between them.
func Example() {
	app, err := egg.New(egg.Name("shop"),
		session.Module, schedule.Module,
		redis.Module, redis.SessionStore(), redis.ScheduleLocker(),
		egg.Module("jobs", schedule.Register(schedule.Schedule{
			Name: "report", Interval: time.Hour,
			Task: func(c *egg.Ctx) error { c.Logger().Info("report"); return nil },
		})),
		egg.Routes(func(r *egg.Router) {
			r.Post("/login", func(c *egg.Ctx) error { return session.Get(c).Set("user", c.Query("user")) })
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = app // app.Start(ctx) pings Redis before the app is ready
}

// Named clients (Egg's clients), reached by name through *redis.Clients
// (Egg's app.redis.get(id)).
func ExampleClients_Get() {
	app, err := egg.New(redis.Module,
		egg.Configure(func(c *redis.Config) {
			c.Clients = map[string]redis.ClientConfig{
				"cache": {URL: "redis://127.0.0.1:6379/1", Weak: true},
			}
		}),
		fx.Invoke(func(cs *redis.Clients) error {
			cache, err := cs.Get("cache")
			if err != nil {
				return err
			}
			_ = cache // a redis.UniversalClient: cache.Get(ctx, key), ...
			return nil
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = app
}

// The clients without egg: New, Connect, use, Close.
func ExampleNew() {
	cs, err := redis.New(redis.Config{Client: redis.ClientConfig{URL: "redis://127.0.0.1:6379/0"}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cs.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := cs.Connect(ctx); err != nil {
		fmt.Println(err) // names the client, its address and the fix
		return
	}
	rc, _ := cs.Get(redis.DefaultClient)
	if _, err := rc.Get(ctx, "greeting").Result(); errors.Is(err, redis.Nil) {
		fmt.Println("no greeting yet")
	}
}

// A lock of one's own: TryLock claims the key, Release gives it back only
// if it is still this owner's.
func ExampleLocker_TryLock() {
	run := func(ctx context.Context, rc redis.UniversalClient) error {
		locker := redis.NewLocker(rc, redis.DefaultClient)
		lk, err := locker.TryLock(ctx, "lock:nightly-report", 10*time.Minute)
		if err != nil || lk == nil {
			return err // nil lock, nil error: another instance is on it
		}
		defer lk.Release(ctx)
		// ... the work; lk.Extend(ctx, 10*time.Minute) if it runs long
		return nil
	}
	_ = run
}

// A URL shows without its password, in logs and in the config dump.
func ExampleURL_String() {
	u := redis.URL("rediss://app:s3cret@cache.example.com:6380/2")
	fmt.Println(u)
	fmt.Println(redis.URL("cache.example.com:6379?password=s3cret"))
	// Output:
	// rediss://app:xxxxx@cache.example.com:6380/2
	// <invalid URL, len 38>
}

// Validate names the field, its environment variable and the fix.
func ExampleConfig_Validate() {
	cfg := redis.DefaultConfig()
	cfg.Client.URL = "redis://10.0.0.1:7000/2?addr=10.0.0.2:7000"
	fmt.Println(cfg.Validate())
	// Output:
	// egg: config field Client.DB is invalid: client "default": DB is 2, but a Redis Cluster (several addresses, or Cluster) has only db 0; use db 0 and a key prefix instead
}
