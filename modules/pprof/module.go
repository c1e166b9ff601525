package pprof

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	httppprof "net/http/pprof"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name and the prefix (PPROF_) of its config's
// environment variables.
const Name = "pprof"

// Module is module "pprof": Go's runtime profiles (net/http/pprof) on a
// listener of their own, apart from the app's port, on loopback. It is off
// until Config.Enabled (PPROF_ENABLED=true), so it can ship in every build
// and be turned on where needed. The listener opens in the DidLoad phase,
// so a slow start can be profiled, and closes in BeforeClose.
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	fx.Provide(newServer),
	egg.Boot(func(s *Server) *boot { return &boot{s} }),
)

// Server is the profiling listener. Inject it to read Addr.
type Server struct {
	cfg  Config
	log  *slog.Logger
	srv  *http.Server
	addr string
	done chan struct{}
}

func newServer(app *egg.App, cfg Config, server egg.ServerConfig) (*Server, error) {
	if cfg.Enabled {
		if _, port, err := net.SplitHostPort(cfg.Addr); err == nil && port != "0" && port == fmt.Sprint(server.Port) {
			return nil, fmt.Errorf("pprof: Addr (PPROF_ADDR) %q uses the app's own port %d; profiles never go on the public port: choose another, e.g. %q",
				cfg.Addr, server.Port, DefaultAddr)
		}
	}
	return &Server{cfg: cfg, log: app.LoggerFor(Name)}, nil
}

// Handler serves Go's profiles under /debug/pprof/: the index, the named
// profiles (heap, goroutine, allocs, block, mutex, threadcreate), cmdline,
// profile (CPU), symbol and trace. It is what the listener serves; mount it
// elsewhere only behind your own access control.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", httppprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", httppprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", httppprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", httppprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", httppprof.Trace)
	return mux
}

// Addr is the address the listener serves on, "" while it is off.
func (s *Server) Addr() string { return s.addr }

// start opens the listener, refusing an address that turns out not to be
// loopback (a "localhost" that resolves elsewhere) unless allowed.
func (s *Server) start() error {
	if !s.cfg.Enabled {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("pprof: cannot listen on %s: %w; free that port or choose another with PPROF_ADDR", s.cfg.Addr, err)
	}
	loopback := true
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		loopback = false
		if !s.cfg.AllowNonLoopback {
			_ = ln.Close()
			return fmt.Errorf("pprof: %s listens on %s, which is not loopback; use 127.0.0.1 or ::1 in PPROF_ADDR", s.cfg.Addr, tcp.IP)
		}
	}
	s.addr = ln.Addr().String()
	s.srv = &http.Server{
		Handler:           Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("pprof: the profiling listener stopped", "err", err)
		}
	}()
	if !loopback {
		s.log.Warn("pprof: Go profiles are served beyond loopback (PPROF_ALLOW_NON_LOOPBACK); keep this port off untrusted networks",
			"url", "http://"+s.addr+"/debug/pprof/")
	} else {
		s.log.Info("pprof: Go profiles on loopback", "url", "http://"+s.addr+"/debug/pprof/")
	}
	return nil
}

// stop closes the listener. A CPU profile or trace in progress is cut off
// after a second rather than delaying the app's stop.
func (s *Server) stop(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if s.srv.Shutdown(ctx) != nil {
		_ = s.srv.Close()
	}
	<-s.done
	s.srv, s.addr = nil, ""
	return nil
}

// boot opens the listener in DidLoad and closes it in BeforeClose.
type boot struct{ s *Server }

// DidLoad opens the listener, before the app's own start-up work.
func (b *boot) DidLoad(context.Context) error { return b.s.start() }

// BeforeClose closes the listener.
func (b *boot) BeforeClose(ctx context.Context) error { return b.s.stop(ctx) }
