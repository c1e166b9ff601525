// Package redis is egg-redis for egg for Go: Redis clients as an egg
// module, on github.com/redis/go-redis/v9, with a session store for
// modules/session, a locker for modules/schedule and a small distributed
// lock.
//
// # One client
//
// Add the module and say where Redis is (the default is
// 127.0.0.1:6379, db 0):
//
//	egg.Run(modules.Default(), redis.Module, app.Module)
//
//	REDIS_URL=redis://:s3cret@cache.internal:6379/0 ./server
//
// Then inject the client anywhere, as redis.UniversalClient (the same
// type as go-redis's):
//
//	func NewCounter(rc redis.UniversalClient) *Counter { return &Counter{rc: rc} }
//
//	func (c *Counter) Hit(ctx context.Context, page string) (int64, error) {
//		return c.rc.Incr(ctx, "hits:"+page).Result()
//	}
//
// The app is not ready until Redis answers PING: start-up waits up to
// ConnectTimeout (10s), then fails naming the client and its address:
//
//	egg: module "redis" WillReady failed (*redis.boot): redis: client "default" at 127.0.0.1:6390 (db 0)
//	did not answer within 10s: dial tcp 127.0.0.1:6390: connect: connection refused; start Redis there
//	or point REDIS_URL at it, or mark the client Weak (REDIS_WEAK=true for the default client) to start without it
//
// # Several clients (Egg's clients and app.redis.get)
//
//	egg.Configure(func(c *redis.Config) {
//		c.Clients = map[string]redis.ClientConfig{
//			"cache": {URL: "redis://cache.internal:6379/1", Weak: true},
//			"queue": {Addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000"}}, // a cluster
//		}
//	})
//
// and take *redis.Clients to reach them by name:
//
//	cache, err := clients.Get("cache")
//
// # Sentinel, Cluster, TLS
//
// One address is a single server; several addresses (or Cluster) are a
// Redis Cluster; MasterName makes them Sentinels:
//
//	REDIS_ADDRS=10.0.0.1:26379,10.0.0.2:26379 REDIS_MASTER_NAME=mymaster
//	REDIS_URL='redis://10.0.0.1:26379/0?master_name=mymaster&addr=10.0.0.2:26379'
//	REDIS_URL='rediss://cache.example.com:6380/0' REDIS_TLS_CA_FILE=/etc/redis/ca.pem
//
// Passwords (Password, SentinelPassword, the URL's) and TLSConfig are
// masked in the config dump.
//
// # Start without Redis (Egg's weakDependent)
//
// A Weak client lets the app start while its Redis is down: a warning is
// logged, and the client keeps trying every RetryInterval in the
// background until it answers (logged) or the app closes. Its commands fail
// until then.
//
//	REDIS_WEAK=true ./server
//
// A Redis that restarts while the app runs needs nothing: go-redis dials
// again on the next command (retrying a command whose connection dropped,
// MaxRetries times).
//
// # Sessions in Redis
//
//	egg.Run(modules.Default(), session.Module, redis.Module, redis.SessionStore(), app.Module)
//
// Each session is one key, "egg:session:<app name>:" + its id, with the
// session's max age as its TTL; the cookie carries only the id, encrypted.
// Instances of one app (the same egg.Name) share their sessions.
//
// # Worker schedules once per tick across instances
//
//	egg.Run(modules.Default(), redis.Module, redis.ScheduleLocker(), app.Module)
//
// Every instance ticks; the one whose SET NX claims the tick's key runs
// it, the others skip it. The claim lapses after schedule.Config.LockTTL
// and is never released early, so an instance that reaches the tick late
// still finds it taken.
//
// # A lock of your own
//
//	locker := redis.NewLocker(rc, "default")
//	lk, err := locker.TryLock(ctx, "lock:report", time.Minute)
//	if err != nil || lk == nil {
//		return err // nil lock: someone else is on it
//	}
//	defer lk.Release(ctx) // deletes the key only if it is still ours
//
// # Readiness
//
// Clients.Checks returns one check per client (PING, naming the client and
// its address), for a health endpoint; Clients.Ping pings one client.
package redis
