// Command withfx runs the host service with egg embedded in its fx.App.
// The host owns main, the logger, the router, the server and the signals
// (fx.App.Run); egg installs none of them.
package main

import (
	"log/slog"
	"os"

	"github.com/egg-go/egg/_examples/embed/withfx"
	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	fx.New(
		withfx.Options(logger),
		withfx.Serve(addr),
		fx.WithLogger(func() fxevent.Logger { return &fxevent.SlogLogger{Logger: logger} }),
	).Run()
}
