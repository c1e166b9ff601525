// Package nofx is variant (b): the host has no fx. It builds egg with
// egg.New, starts and stops it from its own start-up and shutdown, and
// mounts App.Handler on its own chi router.
package nofx

import (
	"context"
	"errors"
	"log/slog"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/api"
	"github.com/egg-go/egg/_examples/embed/host"
	"github.com/go-chi/chi/v5"
	"go.uber.org/fx"
)

// Service is the host service with egg inside.
type Service struct {
	// Router is the host's router, egg mounted under api.Prefix; serve it
	// with any http.Server.
	Router *chi.Mux
	dir    *host.Directory
	app    *egg.App
}

// New builds the service; nothing runs yet. eggOpts go to egg.
func New(logger *slog.Logger, eggOpts ...fx.Option) (*Service, error) {
	dir := host.NewDirectory(logger)
	app, err := egg.New(append([]fx.Option{
		egg.WithLogger(logger),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }),
		fx.Supply(dir), // the host's own object, injectable in egg's modules
		api.Module,
	}, eggOpts...)...)
	if err != nil {
		return nil, err
	}
	r := host.NewRouter(logger, dir)
	r.Mount(api.Prefix, app.Handler())
	return &Service{Router: r, dir: dir, app: app}, nil
}

// Start opens the host's directory, then starts egg (its DidLoad,
// WillReady, DidReady and ServerDidReady hooks). Serve Router only after
// Start returns.
func (s *Service) Start(ctx context.Context) error {
	if err := s.dir.Open(ctx); err != nil {
		return err
	}
	if err := s.app.Start(ctx); err != nil {
		return errors.Join(err, s.dir.Close(ctx))
	}
	return nil
}

// Stop stops egg (its BeforeClose hooks), then closes the directory. Shut
// the http.Server down first, so in-flight requests finish.
func (s *Service) Stop(ctx context.Context) error {
	return errors.Join(s.app.Stop(ctx), s.dir.Close(ctx))
}
