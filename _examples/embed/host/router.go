package host

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// NewRouter is the host's own chi router with its own routes. egg's
// handler is mounted on it beside them (see packages withfx and nofx).
func NewRouter(log *slog.Logger, dir *Directory) *chi.Mux {
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok"))
	})
	r.Get("/users/count", func(w http.ResponseWriter, _ *http.Request) {
		users, err := dir.List()
		if err != nil {
			log.Error("counting users", "err", err)
			http.Error(w, "directory unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]int{"count": len(users)})
	})
	return r
}
