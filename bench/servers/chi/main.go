// Command chi is the bare go-chi baseline for the over-the-wire comparison
// in bench/compare.sh.
//
// It serves the same two routes as the egg and Egg.js servers under test:
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
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-chi/chi/v5"
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
		Handler:           newRouter(),
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

// newRouter builds the chi router with the two benchmark routes.
func newRouter() http.Handler {
	r := chi.NewRouter()
	r.Get("/hello", hello)
	r.With(setHeader("X-Mw-1"), setHeader("X-Mw-2"), setHeader("X-Mw-3")).
		Get("/users/{id}", user)
	return r
}

// setHeader returns a trivial middleware that sets the response header
// name to "1" and calls the next handler.
func setHeader(name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set(name, "1")
			next.ServeHTTP(w, r)
		})
	}
}

var helloBody = []byte("Hello World")

func hello(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(helloBody)
}

// userResponse is the JSON body of GET /users/{id}.
type userResponse struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func user(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	body, err := json.Marshal(userResponse{ID: id, Name: "user " + id})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(body)
}
