package redis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// UniversalClient is go-redis's client interface, which single-server,
// Sentinel and Cluster clients all implement; the module provides the
// default client as one. It is the same type as go-redis's, so either
// name works.
type UniversalClient = goredis.UniversalClient

// Nil is the error of a command that finds no value, e.g. GET of a
// missing key (go-redis's redis.Nil): test it with errors.Is.
const Nil = goredis.Nil

// Clients is the app's set of Redis clients (Egg's app.redis): the
// default one and the named ones of Config.Clients. Inject *redis.Clients
// to reach a named client with Get (Egg's app.redis.get(id)); inject
// redis.UniversalClient for the default one.
//
// Outside egg, make it with New, call Connect before use and Close at the
// end.
type Clients struct {
	log     *slog.Logger
	list    []*client // default first, then by name
	byName  map[string]*client
	ctx     context.Context // canceled by Close: ends background retries
	cancel  context.CancelFunc
	mu      sync.Mutex // guards closed and adding to retries
	closed  bool
	retries sync.WaitGroup
}

// client is one configured client.
type client struct {
	name  string
	cfg   ClientConfig
	where string // describe(): address for logs and errors
	first string // first address, for probe
	hint  string // where its config is: "Config.Client" or "Config.Clients[cache]"
	rc    goredis.UniversalClient
}

// New makes the clients of cfg without connecting (go-redis connects on
// first use); Connect waits for them. It reads the TLS files, so it fails
// when one is missing or not PEM. Disabled clients are left out.
func New(cfg Config, log *slog.Logger) (*Clients, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cs := &Clients{log: log, byName: map[string]*client{}}
	cs.ctx, cs.cancel = context.WithCancel(context.Background())
	add := func(name string, cc ClientConfig, hint string) error {
		if cc.Disabled {
			cs.byName[name] = nil
			return nil
		}
		ep, err := cc.endpoint()
		if err != nil {
			return fmt.Errorf("redis: client %q (%s): %w", name, hint, err)
		}
		opts, err := cc.options(ep)
		if err != nil {
			return fmt.Errorf("redis: client %q (%s): %w", name, hint, err)
		}
		c := &client{name: name, cfg: cc, where: ep.describe(cc.Cluster), hint: hint, first: ep.addrs[0],
			rc: goredis.NewUniversalClient(opts)}
		cs.list = append(cs.list, c)
		cs.byName[name] = c
		return nil
	}
	err := add(DefaultClient, cfg.Client, "Config.Client, env REDIS_*")
	for _, name := range slices.Sorted(maps.Keys(cfg.Clients)) {
		if err != nil {
			break
		}
		err = add(name, cfg.Clients[name], fmt.Sprintf("Config.Clients[%s]", name))
	}
	if err != nil {
		_ = cs.Close()
		return nil, err
	}
	return cs, nil
}

// Get returns the client named name (Egg's app.redis.get(id)); the
// default client is "default". Its error names the configured clients.
func (cs *Clients) Get(name string) (UniversalClient, error) {
	c, ok := cs.byName[name]
	switch {
	case !ok:
		return nil, fmt.Errorf("redis: no client is named %q; configured: %s; add it to redis.Config.Clients", name, strings.Join(cs.Names(), ", "))
	case c == nil && name == DefaultClient:
		return nil, errors.New(`redis: the default client is disabled (Config.Client.Disabled, REDIS_DISABLED=true); ` +
			`get a named client with Clients.Get(name), or enable it`)
	case c == nil:
		return nil, fmt.Errorf("redis: client %q is disabled (Config.Clients[%s].Disabled); enable it or use another", name, name)
	}
	return c.rc, nil
}

// Names returns the names of the enabled clients, "default" first.
func (cs *Clients) Names() []string {
	out := make([]string, len(cs.list))
	for i, c := range cs.list {
		out[i] = c.name
	}
	return out
}

// Ping sends PING to the named client's Redis: the readiness check of one
// client. The error names the client and its address.
func (cs *Clients) Ping(ctx context.Context, name string) error {
	c, ok := cs.byName[name]
	if !ok || c == nil {
		_, err := cs.Get(name)
		return err
	}
	return cs.ping(ctx, c)
}

func (cs *Clients) ping(ctx context.Context, c *client) error {
	if err := c.rc.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: client %q at %s: PING: %w", c.name, c.where, err)
	}
	return nil
}

// Connect waits until every client answers PING, all at once: each for
// up to its ConnectTimeout (and while ctx lasts), trying every
// RetryInterval. A client that does not answer fails Connect with an
// error naming it, its address and the fix, unless it is Weak: then
// Connect logs a warning and keeps trying it in the background until it
// answers or Close is called.
func (cs *Clients) Connect(ctx context.Context) error {
	errs := make([]error, len(cs.list))
	var wg sync.WaitGroup
	for i, c := range cs.list {
		wg.Go(func() { errs[i] = cs.connect(ctx, c) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// connect waits for one client; see Connect.
func (cs *Clients) connect(ctx context.Context, c *client) error {
	start := time.Now()
	timeout := orDefault(c.cfg.ConnectTimeout, DefaultConnectTimeout)
	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var cause error // the last error that is not the wait running out
	for {
		err := cs.ping(wait, c)
		if err == nil {
			cs.log.Info("redis client connected", "client", c.name, "addr", c.where, "ms", time.Since(start).Milliseconds())
			return nil
		}
		if cause == nil || wait.Err() == nil {
			cause = unwrapPing(err)
		}
		if c.cfg.Weak || !sleep(wait, orDefault(c.cfg.RetryInterval, DefaultRetryInterval)) {
			break
		}
	}
	if c.cfg.Weak {
		cs.log.Warn("redis client is not answering; starting without it (Weak) and retrying in the background",
			"client", c.name, "addr", c.where, "every", orDefault(c.cfg.RetryInterval, DefaultRetryInterval), "err", cause)
		cs.mu.Lock()
		if !cs.closed {
			cs.retries.Go(func() { cs.retry(c) })
		}
		cs.mu.Unlock()
		return nil
	}
	if errors.Is(cause, context.DeadlineExceeded) {
		cause = cs.probe(ctx, c, cause)
	}
	hint := "point REDIS_URL at it"
	if c.name != DefaultClient {
		hint = "fix its address in " + c.hint
	}
	return fmt.Errorf("redis: client %q at %s did not answer within %s: %w; start Redis there or %s, "+
		"or mark the client Weak (REDIS_WEAK=true for the default client) to start without it",
		c.name, c.where, time.Since(start).Round(time.Millisecond), cause, hint)
}

// probe explains a PING that ran out of time: go-redis keeps redialing
// until the deadline, so the deadline is all it reports. A plain TCP
// dial to the first address tells a refused or unresolvable address from
// a server that accepts connections but does not answer (TLS or protocol
// mismatch, a proxy).
func (cs *Clients) probe(ctx context.Context, c *client, cause error) error {
	d := net.Dialer{Timeout: time.Second}
	conn, err := d.DialContext(context.WithoutCancel(ctx), "tcp", c.first)
	if err != nil {
		return err
	}
	_ = conn.Close()
	return fmt.Errorf("%w; %s accepts connections but PING got no answer in time "+
		"(TLS on one side only? an old server or proxy that needs Protocol 2?)", cause, c.first)
}

// retry pings a Weak client every RetryInterval until it answers or the
// clients close.
func (cs *Clients) retry(c *client) {
	every := orDefault(c.cfg.RetryInterval, DefaultRetryInterval)
	ctx := cs.ctx
	for attempt := 1; sleep(ctx, every); attempt++ {
		pctx, pcancel := context.WithTimeout(ctx, orDefault(c.cfg.ConnectTimeout, DefaultConnectTimeout))
		err := cs.ping(pctx, c)
		pcancel()
		if err == nil {
			cs.log.Info("redis client connected after retrying", "client", c.name, "addr", c.where, "attempts", attempt)
			return
		}
		if ctx.Err() != nil {
			return
		}
		cs.log.Debug("redis client still not answering", "client", c.name, "addr", c.where, "attempt", attempt, "err", err)
	}
}

// Close stops the background retries and closes every client; later
// commands fail with go-redis's "client is closed". It is safe to call
// more than once.
func (cs *Clients) Close() error {
	cs.mu.Lock()
	if cs.closed {
		cs.mu.Unlock()
		return nil
	}
	cs.closed = true
	cs.mu.Unlock()
	cs.cancel()
	cs.retries.Wait()
	var errs []error
	for _, c := range cs.list {
		if err := c.rc.Close(); err != nil {
			errs = append(errs, fmt.Errorf("redis: closing client %q: %w", c.name, err))
		}
	}
	return errors.Join(errs...)
}

// unwrapPing drops ping's own prefix, which connect's message repeats.
func unwrapPing(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
