package eggtest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

// Greeter is a singleton; Greeting is request-scoped.
type Greeter struct{ Word string }

// Greeting greets one request's caller.
type Greeting struct {
	g    *Greeter
	name string
}

// Text is the greeting.
func (s *Greeting) Text() string { return s.g.Word + ", " + s.name }

// greetModule is a small app: a singleton, a request-scoped service over
// it, and a route.
var greetModule = egg.Module("greet",
	fx.Provide(func() *Greeter { return &Greeter{Word: "hello"} }),
	egg.Scoped[*Greeting](func(g *Greeter) func(*egg.Ctx) *Greeting {
		return func(c *egg.Ctx) *Greeting { return &Greeting{g: g, name: c.Query("name")} }
	}),
	egg.Routes(func(r *egg.Router) {
		r.Get("/greet", func(c *egg.Ctx) error {
			return c.JSON(http.StatusOK, map[string]string{"text": egg.Use[*Greeting](c).Text()})
		}).Name("greet")
	}),
)

// A test starts the app, sends requests in memory and checks the answers.
// In a real test t is the test's *testing.T.
func Example() {
	t := newExampleT()
	defer t.done()

	app := eggtest.New(t, greetModule)

	var body struct{ Text string }
	app.GET("/greet").Query("name", "carol").Do().
		Status(200).
		Header("Content-Type", "application/json; charset=utf-8").
		JSON(&body)
	fmt.Println(body.Text)

	app.GET("/nope").Do().Status(404)
	// Output: hello, carol
}

// fx.Replace swaps a provider's value for a fake; egg.Configure sets
// config for one test.
func ExampleNew() {
	t := newExampleT()
	defer t.done()

	app := eggtest.New(t, greetModule,
		fx.Replace(&Greeter{Word: "bonjour"}),
		egg.Configure(func(c *egg.HTTPConfig) { c.RequestIDHeader = "X-Trace" }),
	)
	res := app.GET("/greet?name=ana").Header("X-Trace", "t-1").Do()
	fmt.Println(res.Body())
	fmt.Println(res.Result().Header.Get("X-Trace"))
	// Output:
	// {"text":"bonjour, ana"}
	// t-1
}

// A failing check reports the request, the status and the body.
func ExampleResponse_Status() {
	t := newExampleT()
	defer t.done()

	app := eggtest.New(t, greetModule)
	app.POST("/greet").Do().Status(200)
	// Output:
	// FAIL: POST /greet → 405: status = 405, want 200
	// body: Method Not Allowed
}

// Ctx is an anonymous context for service tests: request-scoped services
// without a request.
func ExampleApp_Ctx() {
	t := newExampleT()
	defer t.done()

	app := eggtest.New(t, greetModule)
	c := app.Ctx()
	g := egg.Use[*Greeting](c)
	fmt.Println(g == egg.Use[*Greeting](c), g.Text())
	// Output: true hello,
}

// Start returns the start error, for tests of failure paths.
func ExampleStart() {
	t := newExampleT()
	defer t.done()

	_, err := eggtest.Start(t, egg.Module("db", egg.Boot(&dbBoot{})))
	fmt.Println(err)
	// Output: egg: module "db" WillReady failed (*eggtest_test.dbBoot): connection refused
}

// dbBoot is a boot object whose WillReady fails.
type dbBoot struct{}

func (*dbBoot) WillReady(context.Context) error { return fmt.Errorf("connection refused") }

// ValidateApp is the module graph test: here module "web" requires a
// module the app does not have.
func ExampleValidateApp() {
	t := newExampleT()
	defer t.done()

	eggtest.ValidateApp(t, egg.Module("web", egg.Requires("db")))
	// Output:
	// FAIL: eggtest.ValidateApp: the app's module graph is broken: egg: module "web" requires module "db", which is not in the app; add db.Module to egg.New/Run/Embed
}

// Clock is an interface the app provides; its real implementation reads
// the system clock.
type Clock interface{ Now() string }

type systemClock struct{}

func (systemClock) Now() string { return "real time" }

type fixedClock string

func (f fixedClock) Now() string { return string(f) }

var clockModule = egg.Module("clock",
	fx.Provide(func() Clock { return systemClock{} }),
	egg.Routes(func(r *egg.Router, clock Clock) {
		r.Get("/now", func(c *egg.Ctx) error { return c.Text(http.StatusOK, clock.Now()) })
	}),
)

// Replace swaps the provider of an interface for a fake in one line;
// fx.Replace(fixedClock(...)) would replace fixedClock, which nothing
// provides, and eggtest would fail the test saying so.
func ExampleReplace() {
	t := newExampleT()
	defer t.done()

	app := eggtest.New(t, clockModule, eggtest.Replace[Clock](fixedClock("12:00")))
	fmt.Println(app.GET("/now").Do().Body())
	// Output: 12:00
}
