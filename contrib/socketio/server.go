package socketio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio/redisadapter"
	"github.com/redis/go-redis/v9"
	"github.com/zishang520/socket.io/servers/engine/v3/transports"
	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"
)

// Options are what New takes besides Config; every field is optional.
type Options struct {
	// App gives handlers c.App() and request-scoped services (c.Egg());
	// the module sets it.
	App *egg.App
	// Logger receives the server's lines; default App.LoggerFor("socketio"),
	// or slog.Default() without an App.
	Logger *slog.Logger
	// Adapter replaces the rooms adapter, overriding Config.RedisURL.
	Adapter socket.AdapterConstructor
}

// Server is one app's Socket.IO server (Egg's app.io): one engine, mounted
// on the app's router, its namespaces, their middleware and routes. It is
// an http.Handler for the mount path.
type Server struct {
	cfg  Config
	app  *egg.App
	log  *slog.Logger
	opts Options

	mu      sync.Mutex
	conn    map[string]ConnectionFunc
	packet  map[string]PacketFunc
	nsps    map[string]*Namespace
	order   []*Namespace
	errs    []error
	started bool

	io      *socket.Server
	handler atomic.Pointer[http.Handler]
	closing atomic.Bool
	client  *clientHandler

	redis   *redis.Client
	adapter *redisadapter.Builder

	conns sync.WaitGroup // goroutines of connection middleware
}

// New returns a server that is not started: register namespaces, routes
// and middleware, then Start it and mount it (it serves the whole Path).
// The module does all of that with the app.
func New(cfg Config, opts Options) *Server {
	log := opts.Logger
	if log == nil {
		if opts.App != nil {
			log = opts.App.LoggerFor(Name)
		} else {
			log = slog.Default().With("logger", Name)
		}
	}
	s := &Server{
		cfg: cfg, app: opts.App, log: log, opts: opts,
		conn:   map[string]ConnectionFunc{},
		packet: map[string]PacketFunc{},
		nsps:   map[string]*Namespace{},
	}
	s.client = newClientHandler(cfg)
	return s
}

// Config returns the server's config.
func (s *Server) Config() Config { return s.cfg }

// Logger returns the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// Raw returns the underlying zishang520 server, nil before Start. Use it
// for what this package does not wrap; its API takes ...any handlers.
func (s *Server) Raw() *socket.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.io
}

// ConnectionMiddleware registers a named connection middleware for
// Config.Namespaces to list. Register before Start; a name registered
// twice fails Start.
func (s *Server) ConnectionMiddleware(name string, fn ConnectionFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.register("connection", name, fn != nil, func() bool { _, ok := s.conn[name]; s.conn[name] = fn; return ok })
}

// PacketMiddleware registers a named packet middleware for
// Config.Namespaces to list. Register before Start; a name registered
// twice fails Start.
func (s *Server) PacketMiddleware(name string, fn PacketFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.register("packet", name, fn != nil, func() bool { _, ok := s.packet[name]; s.packet[name] = fn; return ok })
}

func (s *Server) register(kind, name string, hasFn bool, put func() (dup bool)) {
	switch {
	case s.started:
		s.log.Error("socketio: middleware registered after start is ignored; register it in a constructor or fx.Invoke", "kind", kind, "name", name)
	case name == "" || !hasFn:
		s.errs = append(s.errs, fmt.Errorf("socketio: %s middleware %q needs a name and a function", kind, name))
	case put():
		s.errs = append(s.errs, fmt.Errorf("socketio: %s middleware %q is registered twice; give one of them another name", kind, name))
	}
}

// Of returns the namespace name ("/chat"), creating it on first use (Egg's
// app.io.of). Namespaces created after Start work at once, without
// middleware.
func (s *Server) Of(name string) *Namespace {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ofLocked(name)
}

func (s *Server) ofLocked(name string) *Namespace {
	name = normalizeNamespace(name)
	if n, ok := s.nsps[name]; ok {
		return n
	}
	n := newNamespace(s, name)
	s.nsps[name] = n
	s.order = append(s.order, n)
	if s.started {
		s.attach(n)
	}
	return n
}

// Start builds the engine (and connects the Redis adapter when
// Config.RedisURL is set), checks every namespace's middleware names and
// starts accepting clients. The module calls it in WillReady.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return nil
	}
	if err := errors.Join(s.errs...); err != nil {
		return err
	}
	for _, nc := range s.cfg.Namespaces {
		n := s.ofLocked(nc.Name)
		var err error
		conn, err := resolveNames(n.name, "Connection", nc.ConnectionMiddleware, s.conn)
		if err != nil {
			return err
		}
		packet, err := resolveNames(n.name, "Packet", nc.PacketMiddleware, s.packet)
		if err != nil {
			return err
		}
		for _, f := range conn {
			n.connMW = append(n.connMW, f)
		}
		for _, f := range packet {
			n.packetMW = append(n.packetMW, f)
		}
	}
	adapter, err := s.startAdapter(ctx)
	if err != nil {
		return err
	}
	s.io = socket.NewServer(nil, s.serverOptions(adapter))
	for _, n := range s.order {
		s.attach(n)
	}
	if s.adapter != nil {
		if err := s.adapter.Err(); err != nil {
			s.io.Close(nil)
			s.closeAdapter()
			return err
		}
	}
	h := s.io.ServeHandler(nil) // once per app: each call would build a new engine
	s.handler.Store(&h)
	s.started = true
	s.log.Debug("socket.io started", "path", s.cfg.Path, "namespaces", len(s.order), "redis", s.redis != nil)
	return nil
}

// startAdapter connects the Redis adapter when the config asks for it.
func (s *Server) startAdapter(ctx context.Context) (socket.AdapterConstructor, error) {
	if s.opts.Adapter != nil {
		return s.opts.Adapter, nil
	}
	if s.cfg.RedisURL == "" {
		return nil, nil
	}
	o, err := redis.ParseURL(s.cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("socketio: RedisURL (env SOCKETIO_REDIS_URL) does not parse: %w; use the form redis://host:6379/0", err)
	}
	client := redis.NewClient(o)
	if err := client.Ping(ctx).Err(); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("socketio: cannot connect to the Redis adapter's server %s (env SOCKETIO_REDIS_URL): %w; start Redis or point SOCKETIO_REDIS_URL at it", o.Addr, err)
	}
	b, err := redisadapter.New(ctx, client, redisadapter.Options{
		Key: s.cfg.RedisKey, RequestsTimeout: s.cfg.RequestsTimeout, Logger: s.log,
	})
	if err != nil {
		_ = client.Close()
		return nil, err
	}
	s.redis, s.adapter = client, b
	return b, nil
}

func (s *Server) closeAdapter() {
	if s.adapter != nil {
		s.adapter.Close()
	}
	if s.redis != nil {
		_ = s.redis.Close()
	}
}

// serverOptions turns the config into the library's options.
func (s *Server) serverOptions(adapter socket.AdapterConstructor) *socket.ServerOptions {
	o := socket.DefaultServerOptions()
	o.SetPath(strings.TrimSuffix(s.cfg.Path, "/"))
	o.SetServeClient(false) // the library's reads files beside the binary; see clientHandler
	o.SetPingInterval(s.cfg.PingInterval)
	o.SetPingTimeout(s.cfg.PingTimeout)
	o.SetConnectTimeout(s.cfg.ConnectTimeout)
	o.SetMaxHttpBufferSize(s.cfg.MaxHTTPBufferSize)
	ts := types.NewSet[transports.TransportCtor]()
	for _, t := range s.cfg.Transports {
		if t == "polling" {
			ts.Add(&transports.PollingBuilder{})
		} else {
			ts.Add(&transports.WebSocketBuilder{})
		}
	}
	o.SetTransports(ts)
	if adapter != nil {
		o.SetAdapter(adapter)
	}
	return o
}

// ServeHTTP serves the mount path: the client script, then the engine.
// Before Start and while the app stops it answers 503, so clients retry
// (and reach another instance behind a balancer).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := s.handler.Load()
	if h == nil || s.closing.Load() {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "socket.io server is not running", http.StatusServiceUnavailable)
		return
	}
	if s.client != nil && s.serveClient(w, r) {
		return
	}
	if c := egg.CtxFrom(r); c != nil {
		// the egg Ctx ends with this request; keep what sockets need
		r = r.WithContext(context.WithValue(r.Context(), clientInfoKey{}, clientInfo{ip: c.IP(), requestID: c.RequestID()}))
	}
	(*h).ServeHTTP(w, r)
}

// disconnectAll disconnects every client and refuses new ones: called
// when the app begins to stop, so clients reconnect to another instance.
func (s *Server) disconnectAll() {
	s.closing.Store(true)
	s.mu.Lock()
	io := s.io
	s.mu.Unlock()
	if io != nil {
		io.Engine().Close()
	}
}

// Close disconnects every client, waits (up to ctx's deadline) for the
// code after next() of their connection middleware, and closes the
// adapter. The module calls it in BeforeClose.
func (s *Server) Close(ctx context.Context) error {
	s.closing.Store(true)
	s.mu.Lock()
	io := s.io
	started := s.started
	s.mu.Unlock()
	if !started {
		return nil
	}
	io.Close(nil)
	done := make(chan struct{})
	go func() { s.conns.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("socketio: connection middleware still running after their clients disconnected: %w", ctx.Err())
	}
	s.closeAdapter()
	return err
}
