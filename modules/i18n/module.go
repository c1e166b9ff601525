package i18n

import (
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.Disable and egg.HTTPConfig.MiddlewareOptions; its config's env
// prefix is I18N_.
const Name = "i18n"

// Module is module "i18n" (Egg's egg-i18n, on by default in Egg): it loads
// the message files of Config.Dir under the app's base dir (or
// Config.FS), provides *Translator, resolves each request's locale on its
// first use (query → cookie → Accept-Language → default) and appends the
// "i18n" middleware to egg.HTTPConfig.CoreMiddleware (after session and
// security, as Egg orders them), which sets the locale cookie on a query
// choice. Request-time API: Locale, T, Plural, Gettext, FuncMap. A
// malformed message file fails start-up naming the file. Missing messages
// are logged once each, at warn in the local env and debug elsewhere.
var Module = egg.Module(Name,
	egg.Optional("session", "security"), // Egg's order: ..., session, securities, i18n
	egg.Config(DefaultConfig()),
	egg.Configure(appendMiddleware),
	fx.Provide(newForApp),
	egg.Scoped[*locale](newScope),
	egg.Middleware(Name, newMiddleware),
	fx.Invoke(func(*Translator) {}), // load the files at start-up, used or not
	// Template helpers for modules/view: {{ __ "Hello, %s" .Name }} (Egg's
	// gettext style), {{ t "greeting" "Name" .Name }} (message ids),
	// {{ plural "apples" 3 }} and {{ locale }}.
	view.AddHelper([]view.Helper{
		view.FuncArgs("__", gettextHelper),
		view.FuncArgs("t", tHelper),
		view.FuncArgs("plural", pluralHelper),
		view.Func("locale", localeHelper),
	}),
)

// The template helpers are Gettext, T, Plural and Locale for an app that
// has Module (Module adds them): they reach the request's locale directly,
// without the check for the module each call of the exported functions
// makes (a config lookup, some 50 ns).

func gettextHelper(c *egg.Ctx, text string, args ...any) string {
	return egg.Use[*locale](c).gettext(c, text, args)
}

func tHelper(c *egg.Ctx, id string, args ...any) string {
	return egg.Use[*locale](c).t(c, id, args)
}

// pluralHelper is Plural with the count as the first of the args, the
// shape a template function of view.FuncArgs takes.
func pluralHelper(c *egg.Ctx, id string, args ...any) string {
	l := egg.Use[*locale](c)
	if len(args) == 0 {
		return l.plural(c, id, 0, nil)
	}
	return l.plural(c, id, args[0], args[1:])
}

func localeHelper(c *egg.Ctx) string { return egg.Use[*locale](c).name }

// WithFS makes the app read its message files from fsys (every .json,
// .toml, .yaml and .yml file in it, at any depth) instead of
// Config.Dir; an embed.FS is the production shape:
//
//	//go:embed locales
//	var locales embed.FS
//
//	egg.Run(modules.Default(), i18n.WithFS(locales), app.Module)
func WithFS(fsys fs.FS) fx.Option {
	return egg.Configure(func(c *Config) { c.FS = fsys })
}

// appendMiddleware puts "i18n" in the core middleware, once.
func appendMiddleware(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		c.CoreMiddleware = append(c.CoreMiddleware, Name)
	}
}

// newForApp loads the app's messages: Dir relative to the base dir;
// missing messages logged at warn in local, debug elsewhere.
func newForApp(app *egg.App, cfg Config) (*Translator, error) {
	if cfg.FS == nil && !filepath.IsAbs(cfg.Dir) {
		cfg.Dir = filepath.Join(app.BaseDir(), cfg.Dir)
	}
	level := slog.LevelDebug
	if app.Env() == "local" {
		level = slog.LevelWarn
	}
	return New(cfg, app.LoggerFor(Name), level)
}

// newScope is the request-scoped locale's factory: it runs once per
// request that uses the locale.
func newScope(tr *Translator, cfg Config) func(*egg.Ctx) *locale {
	return newResolver(tr, cfg).resolve
}
