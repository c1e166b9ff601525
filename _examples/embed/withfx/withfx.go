// Package withfx is variant (a): the host already runs an fx.App and adds
// egg to it with egg.Embed. egg's boot phases become one hook in the host's
// lifecycle; egg's modules can inject the host's types (*host.Directory);
// the host injects *egg.App and mounts its handler.
package withfx

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/api"
	"github.com/egg-go/egg/_examples/embed/host"
	"github.com/egg-go/egg/contrib/cors"
	"github.com/go-chi/chi/v5"
	"go.uber.org/fx"
)

// Options is the whole service: the host's own parts, egg embedded with the
// host's logger, and the mount. eggOpts go to egg (egg.Env, egg.Configure,
// more modules). Serve adds the listener.
func Options(logger *slog.Logger, eggOpts ...fx.Option) fx.Option {
	return fx.Options(
		fx.Supply(logger),
		fx.Provide(newDirectory, host.NewRouter),
		egg.Embed(append([]fx.Option{
			egg.WithLogger(logger),
			// The run/ config dump would land in the host's working
			// directory; the host has its own ops files.
			// EGG_DUMP_CONFIG=true turns it back on.
			egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }),
			cors.Module,
			egg.Configure(func(c *cors.Config) { c.AllowOrigins = []string{"https://app.example.com"} }),
			api.Module,
		}, eggOpts...)...),
		fx.Invoke(Mount),
	)
}

// newDirectory ties the host's directory to the host's lifecycle. egg's
// api module depends on it, so it is built first and its hook comes before
// egg's: opened before egg's DidLoad, closed after egg's BeforeClose.
func newDirectory(lc fx.Lifecycle, logger *slog.Logger) *host.Directory {
	d := host.NewDirectory(logger)
	lc.Append(fx.StartStopHook(d.Open, d.Close))
	return d
}

// Mount serves egg's handler under api.Prefix on the host's router. chi's
// Mount keeps the full path, and the api module declares its routes under
// the same prefix, so no http.StripPrefix is needed.
func Mount(r *chi.Mux, app *egg.App) {
	r.Mount(api.Prefix, app.Handler())
}

// Serve listens on addr with the host's router. Its hook is appended after
// egg's, so the port opens once egg is ready and closes (in-flight requests
// drained) before egg's BeforeClose.
func Serve(addr string) fx.Option {
	return fx.Invoke(func(lc fx.Lifecycle, r *chi.Mux, logger *slog.Logger) {
		srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
		lc.Append(fx.Hook{
			OnStart: func(context.Context) error {
				ln, err := net.Listen("tcp", addr)
				if err != nil {
					return err
				}
				logger.Info("host listening", "addr", ln.Addr().String())
				go func() {
					if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
						logger.Error("host server", "err", err)
					}
				}()
				return nil
			},
			OnStop: srv.Shutdown,
		})
	})
}
