// Package egg is egg for Go: Egg.js's conventions — plugins, per-env
// config, a boot lifecycle, request-scoped services, a RESTful router,
// errors that render themselves — as an embeddable library on fx, chi,
// caarlos0/env and log/slog. Every part is a typed constructor; nothing is
// found by name or reflection while serving a request.
//
// # A whole app
//
//	func main() {
//		egg.Run(modules.Default(), egg.Name("shop"), app.Module)
//	}
//
// egg.Run reads the subcommand (start, config, routes, graph) and the
// --env and --port flags, serves on 127.0.0.1:7001, and stops gracefully on
// SIGINT/SIGTERM. egg.New builds the same app without touching the
// process; egg.Embed puts it into a host's own fx.App.
//
// # A module (Egg's plugin)
//
//	type Config struct {
//		Addr string `env:"ADDR"` // REDIS_ADDR
//	}
//
//	var Module = egg.Module("redis",
//		egg.Requires("metrics"),                       // loads after, fails start-up without
//		egg.Config(Config{Addr: "127.0.0.1:6379"}),    // typed config with defaults
//		fx.Provide(New),                               // func New(cfg Config) *Client
//		egg.Boot(NewHook),                             // WillReady: connect; BeforeClose: close
//	)
//
// # Config for an env (Egg's config.prod.js)
//
//	egg.Configure(func(c *redis.Config) { c.Addr = "cache:6379" })
//	egg.ConfigureEnv("prod", func(c *egg.ServerConfig) { c.Host = "0.0.0.0" })
//
// Layers, later wins: module defaults, frameworks, the app, the app's
// env override, environment variables, flags, ConfigWillLoad hooks.
//
// # Routes, controllers and services
//
//	egg.Scoped[*UserService](NewUserService) // func(*Store) func(*egg.Ctx) *UserService
//
//	egg.Routes(func(r *egg.Router, users *Users) {
//		r.Resources("users", "/api/users", users) // Index, Show, Create, ... by interface
//		r.Get("/", func(c *egg.Ctx) error {
//			svc := egg.Use[*UserService](c) // once per request
//			return c.JSON(200, svc.Summary())
//		}).Name("home")
//	})
//
// # Middleware
//
//	egg.Middleware("timing", func(c *egg.Ctx, next func() error) error { ... }) // Koa's onion
//	egg.Middleware("gzip", middleware.Compress(5))                           // any stdlib middleware
//	egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"timing", "gzip"} })
//
// # Errors and validation
//
//	var in struct {
//		Name string `json:"name" validate:"required"`
//	}
//	if err := c.Bind(&in); err != nil {
//		return err // 400, 413, 415 or 422 in egg-validate's shape
//	}
//	return c.Throw(404, "user not found", "code", "not_found")
//
// # Tests
//
// Package eggtest starts an app in the unittest env with its handler in
// memory: eggtest.New(t, modules.Default(), app.Module, fx.Replace(fake)).
package egg
