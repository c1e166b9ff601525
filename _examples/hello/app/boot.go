package app

import (
	"context"
	"log/slog"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/service"
	"github.com/egg-go/egg/_examples/hello/config"
)

// Boot is the app's boot hook class (Egg's app.js). egg calls each phase
// it implements, once every module is ready for that phase.
type Boot struct {
	store *service.Store
	cfg   config.Config
	log   *slog.Logger
}

// NewBoot receives what the hooks need, like any fx constructor.
func NewBoot(store *service.Store, cfg config.Config, app *egg.App) *Boot {
	return &Boot{store: store, cfg: cfg, log: app.Logger()}
}

// DidLoad seeds the store with demo users when Config.Seed is on. It runs
// before the app answers any request.
func (b *Boot) DidLoad(context.Context) error {
	if b.cfg.Seed {
		b.store.Add("alice", 30)
		b.store.Add("bob", 25)
	}
	return nil
}

// ServerDidReady runs once the app serves requests.
func (b *Boot) ServerDidReady(context.Context) error {
	b.log.Info("hello is ready", "users", b.store.Len())
	return nil
}
