package egg_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// A module: Egg's plugin. It owns a typed config with defaults (read from
// GREETER_* environment variables), provides its services with plain fx
// constructors, adds routes and boots with the app.
type GreeterConfig struct {
	Greeting string `env:"GREETING"`
}

type Greeter struct{ cfg GreeterConfig }

func (g *Greeter) Greet(name string) string { return g.cfg.Greeting + ", " + name }

var greeterModule = egg.Module("greeter",
	egg.Config(GreeterConfig{Greeting: "Hello"}),
	fx.Provide(func(cfg GreeterConfig) *Greeter { return &Greeter{cfg} }),
	egg.Routes(func(r *egg.Router, g *Greeter) {
		r.Get("/hello/:name", func(c *egg.Ctx) error {
			return c.Text(200, g.Greet(c.Param("name")))
		}).Name("hello")
	}),
)

// New builds an app without touching the process: no flags, no signals,
// no os.Exit. Start it, serve its handler, stop it.
func ExampleNew() {
	app, err := egg.New(
		egg.Env("unittest"), egg.LogOutput(io.Discard),
		greeterModule,
		egg.Configure(func(c *GreeterConfig) { c.Greeting = "Hi" }), // the app's layer wins over the module's
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := app.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer app.Stop(context.Background())

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/hello/egg", nil))
	fmt.Println(w.Code, w.Body.String())
	fmt.Println(app.Router().PathFor("hello", map[string]any{"name": "go", "lang": "en"}))
	// Output:
	// 200 Hi, egg
	// /hello/go?lang=en
}

// Module declares a plugin; Requires orders it after, and fails start-up
// without, the modules it needs.
func ExampleModule() {
	_, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		egg.Module("session", egg.Requires("redis")),
	)
	fmt.Println(err)
	// Output:
	// egg: module "session" requires module "redis", which is not in the app; add redis.Module to egg.New/Run/Embed
}

// Run is the main() of an app binary: `app start|config|routes|graph
// [--env ENV] [--port PORT]`; it exits the process.
func ExampleRun() {
	egg.Run(egg.Name("hello"), greeterModule)
}

// A request-scoped service (Egg's ctx.service): its factory runs once per
// request that uses it.
func ExampleScoped() {
	type Cart struct{ items []string }
	app, _ := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		egg.Scoped[*Cart](func(c *egg.Ctx) *Cart { return &Cart{} }),
	)
	_ = app.Start(context.Background())
	defer app.Stop(context.Background())

	c := app.NewContext(context.Background()) // an anonymous context, as in a schedule or a test
	egg.Use[*Cart](c).items = append(egg.Use[*Cart](c).items, "egg")
	fmt.Println(egg.Use[*Cart](c).items)
	// Output: [egg]
}

// Embed puts an egg app into a host's own fx.App: egg's boot phases run in
// the host's lifecycle, and the host mounts egg's handler on its own mux.
// egg never touches signals, flags or os.Exit here.
func ExampleEmbed() {
	host := http.NewServeMux()
	host.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })

	app := fx.New(fx.NopLogger,
		egg.Embed(egg.Env("unittest"), egg.LogOutput(io.Discard), greeterModule),
		fx.Invoke(func(a *egg.App) { host.Handle("/hello/", a.Handler()) }),
	)
	if err := app.Start(context.Background()); err != nil {
		fmt.Println(egg.ExplainError(err))
		return
	}
	defer app.Stop(context.Background())

	for _, path := range []string{"/healthz", "/hello/host"} {
		w := httptest.NewRecorder()
		host.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		fmt.Println(path, w.Body.String())
	}
	// Output:
	// /healthz ok
	// /hello/host Hello, host
}
