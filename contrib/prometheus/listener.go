package prometheus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// listener serves the metrics on Config.Addr, apart from the app.
type listener struct {
	srv  *http.Server
	addr string
	done chan struct{}
}

// Addr returns the address the metrics listener listens on (the real
// port when Config.Addr asked for ":0"), or "" when the metrics are
// served on the app port or the listener is not running.
func (m *Metrics) Addr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.srv == nil {
		return ""
	}
	return m.srv.addr
}

// listen starts the listener of Config.Addr; a busy or unknown address is
// an error that names it.
func (m *Metrics) listen() error {
	ln, err := net.Listen("tcp", m.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on Addr %s (env PROMETHEUS_ADDR): %w; free the port or choose another, e.g. PROMETHEUS_ADDR=127.0.0.1:9464",
			m.cfg.Addr, err)
	}
	l := &listener{
		srv: &http.Server{
			Handler:           http.HandlerFunc(m.serveListener),
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
		},
		addr: ln.Addr().String(),
		done: make(chan struct{}),
	}
	go func() {
		defer close(l.done)
		if err := l.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.log.Error("metrics listener stopped", "addr", l.addr, "err", err)
		}
	}()
	m.mu.Lock()
	m.srv = l
	m.mu.Unlock()
	m.log.Info("serving metrics on a listener of their own", "url", "http://"+l.addr+m.cfg.Path)
	return nil
}

// serveListener answers the metrics listener: the metrics at Path, 405
// for another method there, 404 elsewhere.
func (m *Metrics) serveListener(w http.ResponseWriter, r *http.Request) {
	switch {
	case m.isScrape(r):
		m.handler.ServeHTTP(w, r)
	case m.isPath(r.URL.Path):
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method Not Allowed: the metrics answer GET and HEAD", http.StatusMethodNotAllowed)
	default:
		http.Error(w, "Not Found: this listener serves only the metrics, at "+m.cfg.Path, http.StatusNotFound)
	}
}

// shutdown stops the listener, waiting for scrapes in progress until ctx
// ends, then closing their connections.
func (m *Metrics) shutdown(ctx context.Context) error {
	m.mu.Lock()
	l := m.srv
	m.srv = nil
	m.mu.Unlock()
	if l == nil {
		return nil
	}
	err := l.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, l.srv.Close())
	}
	<-l.done
	return err
}
