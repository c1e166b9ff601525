package egg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// ServerConfig configures the HTTP server egg runs with egg.Run or
// egg.WithServer (module "egg"). An app made by egg.Embed has no server of
// its own and does not read these environment variables, so a host's PORT
// is the host's. The timeouts are safe defaults for a
// server exposed to the internet: a client that sends headers slowly is cut
// off (Slowloris), idle keep-alive connections are closed.
type ServerConfig struct {
	// Host to listen on. Default "127.0.0.1" (Egg listens on all
	// interfaces; egg for Go listens on loopback unless told otherwise).
	// Env EGG_HOST; use "0.0.0.0" or "" for all interfaces.
	Host string `env:"EGG_HOST"`
	// Port to listen on. Default 7001 (Egg's port). Env PORT; egg.Run's
	// --port wins over both. 0 picks a free port (see App.Addr).
	Port int `env:"PORT"`
	// ReadHeaderTimeout bounds reading the request headers. Default 10s.
	// Env EGG_READ_HEADER_TIMEOUT.
	ReadHeaderTimeout time.Duration `env:"EGG_READ_HEADER_TIMEOUT"`
	// ReadTimeout bounds reading the whole request, body included.
	// Default 0 (none), so large uploads work; bodyparser and multipart
	// limit body sizes instead. Env EGG_READ_TIMEOUT.
	ReadTimeout time.Duration `env:"EGG_READ_TIMEOUT"`
	// WriteTimeout bounds writing the response. Default 0 (none), so
	// streaming responses work. Env EGG_WRITE_TIMEOUT.
	WriteTimeout time.Duration `env:"EGG_WRITE_TIMEOUT"`
	// IdleTimeout closes idle keep-alive connections. Default 120s.
	// Env EGG_IDLE_TIMEOUT.
	IdleTimeout time.Duration `env:"EGG_IDLE_TIMEOUT"`
	// MaxHeaderBytes bounds the request headers. Default 1 MiB.
	// Env EGG_MAX_HEADER_BYTES.
	MaxHeaderBytes int `env:"EGG_MAX_HEADER_BYTES"`
	// ShutdownTimeout is how long a graceful stop waits for in-flight
	// requests, after the drain window, before cancelling them: a request
	// still running then sees its context cancelled (context.Cause is
	// ErrShutdownCutOff) and is answered 503 if nothing was sent yet; its
	// connection is closed soon after. Default 10s.
	// Env EGG_SHUTDOWN_TIMEOUT.
	ShutdownTimeout time.Duration `env:"EGG_SHUTDOWN_TIMEOUT"`
	// DrainTimeout is the drain window of a graceful stop: App.Draining
	// turns true (a readiness check answers 503 from then on) and the
	// server keeps serving, new connections included, but answers every
	// request with "Connection: close", so each client finishes the
	// exchange it started and reconnects, to another instance once the
	// balancer has noticed. There is no window when no connection is open
	// as the stop begins. Then the server stops accepting and waits
	// ShutdownTimeout for what is in flight. Default 1s (0 in unittest);
	// behind a balancer that polls readiness, set it to cover one polling
	// interval. Env EGG_DRAIN_TIMEOUT.
	DrainTimeout time.Duration `env:"EGG_DRAIN_TIMEOUT"`
	// BodyTimeout bounds the gap between two reads of a request body: a
	// client that sends nothing for this long while egg reads its body
	// (Bind, multipart, a handler reading Request().Body) is answered 408
	// and its connection closed. Progress resets it, so slow but steady
	// uploads work (nginx's client_body_timeout). Default 30s; 0 turns it
	// off. Applies to egg's own server only. Env EGG_BODY_TIMEOUT.
	BodyTimeout time.Duration `env:"EGG_BODY_TIMEOUT"`
	// MaxConns limits the open connections; when reached, new
	// connections wait in the listen backlog until one closes, and a
	// warning is logged (at most every 10s). Default 0: no limit.
	// Env EGG_MAX_CONNS.
	MaxConns int `env:"EGG_MAX_CONNS"`
}

// DefaultServerConfig returns the server defaults.
func DefaultServerConfig() ServerConfig {
	return ServerConfig{
		Host:              "127.0.0.1",
		Port:              7001,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ShutdownTimeout:   10 * time.Second,
		DrainTimeout:      time.Second,
		BodyTimeout:       30 * time.Second,
	}
}

// Validate checks the port, timeouts and limits.
func (c *ServerConfig) Validate() error {
	switch {
	case c.Port < 0 || c.Port > 65535:
		return InvalidConfig("Port", "must be 0-65535")
	case c.ReadHeaderTimeout <= 0:
		return InvalidConfig("ReadHeaderTimeout", "must be positive; without it a slow client can hold connections open forever")
	case c.ShutdownTimeout < 0:
		return InvalidConfig("ShutdownTimeout", "must not be negative")
	case c.DrainTimeout < 0:
		return InvalidConfig("DrainTimeout", "must not be negative; 0 stops without a drain window")
	case c.BodyTimeout < 0:
		return InvalidConfig("BodyTimeout", "must not be negative; 0 turns the body timeout off")
	case c.MaxConns < 0:
		return InvalidConfig("MaxConns", "must not be negative; 0 means no limit")
	}
	return nil
}

// Addr is host:port.
func (c ServerConfig) Addr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// serverState is what egg keeps about its own server and the request
// path besides the *http.Server: request ids, the drain, limits.
type serverState struct {
	ids         *requestIDs
	bodyTimeout time.Duration // 0 unless egg runs its own server

	draining atomic.Bool
	onDrain  []func()
	conns    atomic.Int64 // open connections of egg's own server

	base       context.Context // parent of every request's context
	cancelBase context.CancelCauseFunc
	cutting    atomic.Bool // the shutdown timeout passed: requests are being cut off
}

// listen starts the server on the configured address.
func (a *App) listen() error {
	cfg := *ConfigOf[ServerConfig](a.configs)
	tlsCfg, err := ConfigOf[HTTPSConfig](a.configs).tlsConfig()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return fmt.Errorf("egg: cannot listen on %s: %w; stop what uses that port or choose another with PORT or --port", cfg.Addr(), err)
	}
	if cfg.MaxConns > 0 {
		ln = newLimitListener(ln, cfg.MaxConns, a.log.core)
	}
	a.srv.bodyTimeout = cfg.BodyTimeout
	a.srv.base, a.srv.cancelBase = context.WithCancelCause(context.Background())
	base := a.srv.base
	a.server = &http.Server{
		Handler:           a,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.log.core.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return base },
		ConnState:         a.srv.trackConn,
		TLSConfig:         tlsCfg,
	}
	serve := a.server.Serve
	if tlsCfg != nil {
		serve = func(ln net.Listener) error { return a.server.ServeTLS(ln, "", "") } // HTTP/2 on through ALPN
	}
	a.addr = ln.Addr().String()
	a.serveDone = make(chan struct{})
	go func() {
		defer close(a.serveDone)
		if err := serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.core.Error("server stopped", "err", err)
			a.EmitError(err, nil)
		}
	}()
	for _, fn := range a.events.server {
		fn(a.server)
	}
	return nil
}

// trackConn counts the open connections, for the drain.
func (s *serverState) trackConn(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		s.conns.Add(1)
	case http.StateClosed, http.StateHijacked:
		s.conns.Add(-1)
	}
}

// cutOffGrace is how long requests whose context the shutdown cancelled
// get to answer (503) before their connections are closed.
const cutOffGrace = time.Second

// shutdown drains (see ServerConfig.DrainTimeout), stops accepting
// connections and waits for in-flight requests up to
// ServerConfig.ShutdownTimeout; then it cancels the requests still
// running, gives them cutOffGrace to answer, and closes what is left.
func (a *App) shutdown(ctx context.Context) error {
	open := a.srv.conns.Load() // when the stop begins, before the drain listeners run
	a.startDrain()
	if a.server == nil {
		return nil
	}
	cfg := ConfigOf[ServerConfig](a.configs)
	a.drain(ctx, cfg.DrainTimeout, open)
	sctx, cancel := context.WithTimeout(ctx, cfg.ShutdownTimeout)
	defer cancel()
	err := a.server.Shutdown(sctx)
	if err != nil {
		a.log.core.Warn("in-flight requests did not finish within ShutdownTimeout; cancelling them",
			"timeout", cfg.ShutdownTimeout)
		a.srv.cutting.Store(true)
		a.srv.cancelBase(ErrShutdownCutOff)
		gctx, cancel := context.WithTimeout(ctx, cutOffGrace)
		defer cancel()
		if a.server.Shutdown(gctx) != nil {
			a.log.core.Warn("requests still running after their context was cancelled; closing their connections")
		}
		err = a.server.Close()
	}
	a.srv.cancelBase(ErrShutdownCutOff) // hijacked connections (WebSockets) learn that the server stopped
	<-a.serveDone
	return err
}

// Addr is the address the server listens on, once started ("" when egg
// runs without its own server).
func (a *App) Addr() string { return a.addr }
