package logger

import (
	"context"
	"log/slog"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

// Name is the module's name and the prefix (LOGGER_) of its environment
// variables.
const Name = "logger"

// Module is module "logger" (Egg's egg-logger file output): beside the
// console, every line of the app's loggers goes to files in Config.Dir —
// {app}-web.log (app, ctx and component loggers), egg-web.log (the core
// logger), common-error.log (every ERROR line of any logger) — and one
// line per request to {app}-access.log. With logrotator.Module the files
// rotate by its rules; without it they only reopen when moved away. Once
// the app is ready, egg's console output stops outside local and unittest
// (Config.ConsoleAfterReady). Config: Config, env prefix LOGGER_.
// Inject *logger.Files to find or reopen the files.
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.Optional(logrotator.Name),
	fx.Provide(newFiles),
	egg.LogHandler(func(f *Files) slog.Handler { return f.handler() }),
	egg.Boot(newBoot),
)

// boot turns the console off once the app is ready.
type boot struct{ f *Files }

func newBoot(f *Files) *boot { return &boot{f: f} }

// ServerDidReady runs when the app is ready (and listens, with its own
// server): from here on the files are the record, as in Egg.
func (b *boot) ServerDidReady(context.Context) error {
	app := b.f.app
	if b.f.cfg.consoleOffAfterReady(app.Env()) {
		app.CoreLogger().Info("console output stops now that the app is ready; every line goes to the log files "+
			"(LOGGER_CONSOLE_AFTER_READY=on keeps it)", "dir", b.f.dir)
		app.SetConsoleLog(false)
	}
	return nil
}
