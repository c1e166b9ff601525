// Command chi is the bare go-chi baseline for the over-the-wire comparison
// in bench/compare.sh.
//
// It serves bench/apps.Chi, the same two routes as the egg and Egg.js
// servers under test:
//
//	GET /hello      -> text/plain "Hello World"
//	GET /users/{id} -> JSON {"id":"<id>","name":"user <id>"}, through three
//	                   trivial middlewares that set X-Mw-1, X-Mw-2 and X-Mw-3
//
// It listens on the address in the ADDR environment variable (default
// 127.0.0.1:7001) and shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/egg-go/egg/bench/apps"
)

const defaultAddr = "127.0.0.1:7001"

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = defaultAddr
	}
	if err := run(addr); err != nil {
		log.Fatalf("chi: %v", err)
	}
}

// run serves newRouter on addr until SIGINT or SIGTERM, then shuts down.
func run(addr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv := &http.Server{
		Addr:              addr,
		Handler:           apps.Chi(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
