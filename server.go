package egg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
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
	// requests before closing their connections. Default 10s.
	// Env EGG_SHUTDOWN_TIMEOUT.
	ShutdownTimeout time.Duration `env:"EGG_SHUTDOWN_TIMEOUT"`
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
	}
}

// Validate checks the port and timeouts.
func (c *ServerConfig) Validate() error {
	switch {
	case c.Port < 0 || c.Port > 65535:
		return InvalidConfig("Port", "must be 0-65535")
	case c.ReadHeaderTimeout <= 0:
		return InvalidConfig("ReadHeaderTimeout", "must be positive; without it a slow client can hold connections open forever")
	case c.ShutdownTimeout < 0:
		return InvalidConfig("ShutdownTimeout", "must not be negative")
	}
	return nil
}

// Addr is host:port.
func (c ServerConfig) Addr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// listen starts the server on the configured address.
func (a *App) listen() error {
	cfg := *ConfigOf[ServerConfig](a.configs)
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return fmt.Errorf("egg: cannot listen on %s: %w; stop what uses that port or choose another with PORT or --port", cfg.Addr(), err)
	}
	a.server = &http.Server{
		Handler:           a,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.log.core.Handler(), slog.LevelWarn),
	}
	a.addr = ln.Addr().String()
	a.serveDone = make(chan struct{})
	go func() {
		defer close(a.serveDone)
		if err := a.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.core.Error("server stopped", "err", err)
			a.EmitError(err, nil)
		}
	}()
	for _, fn := range a.events.server {
		fn(a.server)
	}
	return nil
}

// shutdown stops accepting connections and waits for in-flight requests,
// up to ServerConfig.ShutdownTimeout, then closes what is left.
func (a *App) shutdown(ctx context.Context) error {
	if a.server == nil {
		return nil
	}
	timeout := ConfigOf[ServerConfig](a.configs).ShutdownTimeout
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := a.server.Shutdown(sctx)
	if err != nil {
		a.log.core.Warn("in-flight requests did not finish in time; closing their connections", "timeout", timeout)
		err = a.server.Close()
	}
	<-a.serveDone
	return err
}

// Addr is the address the server listens on, once started ("" when egg
// runs without its own server).
func (a *App) Addr() string { return a.addr }
