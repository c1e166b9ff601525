// Package redisadapter is a Socket.IO adapter for the zishang520 server
// that shares rooms, broadcasts and requests between instances through
// Redis pub/sub, speaking the protocol of npm @socket.io/redis-adapter 8
// (channels "<key>#<nsp>#…", "<key>-request#<nsp>#", "<key>-response#<nsp>#",
// msgpack and JSON payloads). Go instances on one Redis share rooms with
// each other and with Node socket.io servers using that adapter with the
// same key.
//
//	b, err := redisadapter.New(ctx, redisClient, redisadapter.Options{})
//	opts := socket.DefaultServerOptions()
//	opts.SetAdapter(b)
//	io := socket.NewServer(nil, opts)
//	if err := b.Err(); err != nil { ... } // a subscription failed
//	...
//	io.Close(nil); b.Close()
//
// Requests to other instances (fetchSockets, allRooms, serverSideEmit with
// an acknowledgement, remoteDisconnect) wait for every instance counted by
// PUBSUB NUMSUB, at most Options.RequestsTimeout; then they fail with a
// timeout error (carrying what did arrive) instead of hanging.
package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/zishang520/socket.io/servers/socket/v3"
)

// Options configure the adapter; zero values take the defaults.
type Options struct {
	// Key prefixes every channel; it must match the other instances' (the
	// Node adapter's key option). Default "socket.io".
	Key string
	// RequestsTimeout bounds a request to the other instances. Default 5s.
	RequestsTimeout time.Duration
	// PublishOnSpecificResponseChannel answers a request on the
	// requester's own channel instead of the shared one (the Node
	// adapter's option of that name). Default false.
	PublishOnSpecificResponseChannel bool
	// Logger receives the adapter's warnings. Default slog.Default().
	Logger *slog.Logger
}

// Builder makes one adapter per namespace (it is the server's
// socket.AdapterConstructor) and owns the one subscriber connection they
// share.
type Builder struct {
	client redis.UniversalClient
	opts   Options
	log    *slog.Logger
	ps     *redis.PubSub
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu        sync.Mutex
	byChannel map[string]*adapter
	byPattern map[string]*adapter
	confirm   map[string]chan struct{}
	errs      []error
}

// New starts the shared subscriber on client; the adapters subscribe as
// the server creates namespaces. Close stops it (the client stays open:
// it is the caller's).
func New(ctx context.Context, client redis.UniversalClient, opts Options) (*Builder, error) {
	if opts.Key == "" {
		opts.Key = "socket.io"
	}
	if opts.RequestsTimeout <= 0 {
		opts.RequestsTimeout = 5 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := client.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("redisadapter: Redis does not answer PING: %w", err)
	}
	b := &Builder{
		client: client, opts: opts, log: opts.Logger.With("adapter", "redis"),
		byChannel: map[string]*adapter{}, byPattern: map[string]*adapter{},
		confirm: map[string]chan struct{}{}, done: make(chan struct{}),
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.ps = client.Subscribe(b.ctx)
	go b.receive()
	return b, nil
}

// New makes the adapter of one namespace (socket.AdapterConstructor).
func (b *Builder) New(nsp socket.Namespace) socket.Adapter {
	return newAdapter(b, nsp)
}

// Err reports subscriptions that failed (Redis did not confirm them in
// time): the instance would miss other instances' messages.
func (b *Builder) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return errors.Join(b.errs...)
}

// Close stops the subscriber. The server closes each adapter first
// (socket.Server.Close).
func (b *Builder) Close() {
	b.cancel()
	_ = b.ps.Close()
	<-b.done
}

// subscribe subscribes a's channels and waits for Redis to confirm them,
// so that PUBSUB NUMSUB counts this instance before the server serves.
func (b *Builder) subscribe(a *adapter) {
	channels := []string{a.reqChannel, a.respChannel, a.specificRespChannel}
	waits := make([]chan struct{}, 0, 4)
	b.mu.Lock()
	for _, ch := range channels {
		b.byChannel[ch] = a
		w := make(chan struct{})
		b.confirm["subscribe:"+ch] = w
		waits = append(waits, w)
	}
	b.byPattern[a.channel+"*"] = a
	w := make(chan struct{})
	b.confirm["psubscribe:"+a.channel+"*"] = w
	waits = append(waits, w)
	b.mu.Unlock()

	ctx, cancel := context.WithTimeout(b.ctx, b.opts.RequestsTimeout)
	defer cancel()
	err := b.ps.PSubscribe(ctx, a.channel+"*")
	if err == nil {
		err = b.ps.Subscribe(ctx, channels...)
	}
	for _, w := range waits {
		if err != nil {
			break
		}
		select {
		case <-w:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	if err != nil {
		err = fmt.Errorf("redisadapter: subscribing namespace %q's channels failed: %w; check that Redis is reachable and allows SUBSCRIBE", a.nsp.Name(), err)
		b.log.Error(err.Error())
		b.mu.Lock()
		b.errs = append(b.errs, err)
		b.mu.Unlock()
	}
}

// unsubscribe drops a's channels.
func (b *Builder) unsubscribe(a *adapter) {
	channels := []string{a.reqChannel, a.respChannel, a.specificRespChannel}
	b.mu.Lock()
	for _, ch := range channels {
		delete(b.byChannel, ch)
	}
	delete(b.byPattern, a.channel+"*")
	b.mu.Unlock()
	if b.ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, b.opts.RequestsTimeout)
	defer cancel()
	_ = b.ps.PUnsubscribe(ctx, a.channel+"*")
	_ = b.ps.Unsubscribe(ctx, channels...)
}

// receive reads the subscriber connection until Close. Broadcasts and
// answers are handled in order on this goroutine; requests that run
// application code get their own. go-redis reconnects and resubscribes
// after a connection error; a ping every 30 s of silence finds a dead
// connection.
func (b *Builder) receive() {
	defer close(b.done)
	var lastErr time.Time
	for {
		msg, err := b.ps.ReceiveTimeout(b.ctx, 30*time.Second)
		if b.ctx.Err() != nil {
			return
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				_ = b.ps.Ping(b.ctx)
				continue
			}
			if time.Since(lastErr) > 10*time.Second {
				b.log.Warn("redisadapter: subscriber connection failed; reconnecting", "err", err)
				lastErr = time.Now()
			}
			select {
			case <-time.After(200 * time.Millisecond):
			case <-b.ctx.Done():
				return
			}
			continue
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			b.mu.Lock()
			if w, ok := b.confirm[m.Kind+":"+m.Channel]; ok {
				close(w)
				delete(b.confirm, m.Kind+":"+m.Channel)
			}
			b.mu.Unlock()
		case *redis.Message:
			b.mu.Lock()
			var a *adapter
			if m.Pattern != "" {
				a = b.byPattern[m.Pattern]
			} else {
				a = b.byChannel[m.Channel]
			}
			b.mu.Unlock()
			if a != nil {
				a.onMessage(m)
			}
		}
	}
}
