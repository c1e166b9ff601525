package eggtest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

// phases records the boot phases a boot object went through.
type phases struct {
	mu   sync.Mutex
	seen []string
	fail string // phase that returns an error
}

func (p *phases) hit(name string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, name)
	if name == p.fail {
		return errors.New("boom in " + name)
	}
	return nil
}

func (p *phases) list() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}

func (p *phases) DidLoad(context.Context) error        { return p.hit(egg.PhaseDidLoad) }
func (p *phases) WillReady(context.Context) error      { return p.hit(egg.PhaseWillReady) }
func (p *phases) ServerDidReady(context.Context) error { return p.hit(egg.PhaseServerDidReady) }
func (p *phases) BeforeClose(context.Context) error    { return p.hit(egg.PhaseBeforeClose) }

func TestNewRunsEveryPhaseAndStopsAtCleanup(t *testing.T) {
	p := &phases{}
	tb := newFakeTB(t)
	var app *App
	tb.run(func(tb testing.TB) { app = New(tb, egg.Module("m", egg.Boot(p))) })
	tb.wantNoFailure(t)
	if app == nil {
		t.Fatal("New returned nil")
	}
	want := []string{egg.PhaseDidLoad, egg.PhaseWillReady, egg.PhaseServerDidReady}
	if got := p.list(); !slices.Equal(got, want) {
		t.Fatalf("phases after New = %v, want %v", got, want)
	}
	if app.Env() != "unittest" {
		t.Errorf("Env() = %q, want unittest", app.Env())
	}
	if app.Addr() != "" {
		t.Errorf("Addr() = %q: the app listens, want it served in memory only", app.Addr())
	}
	tb.finish()
	tb.wantNoFailure(t)
	if got := p.list(); got[len(got)-1] != egg.PhaseBeforeClose {
		t.Errorf("phases after cleanup = %v, want BeforeClose last", got)
	}
}

func TestNewFailsTheTestWithEggsMessage(t *testing.T) {
	p := &phases{fail: egg.PhaseWillReady}
	tb := newFakeTB(t)
	var app *App
	returned := false
	tb.run(func(tb testing.TB) {
		app = New(tb, egg.Module("m", egg.Boot(p)))
		returned = true
	})
	if returned || app != nil {
		t.Fatal("New returned after a failed start; want the test stopped")
	}
	if !tb.fatal {
		t.Error("New did not call FailNow")
	}
	tb.wantFailure(t, "eggtest: the app did not start", `egg: module "m" WillReady failed`, "boom in WillReady")
	if got := p.list(); !slices.Contains(got, egg.PhaseBeforeClose) {
		t.Errorf("phases = %v: what started was not closed", got)
	}
	tb.finish()
}

func TestStartReturnsTheError(t *testing.T) {
	tests := []struct {
		name string
		opts []fx.Option
		want string
	}{
		{"missing module", []fx.Option{egg.Module("a", egg.Requires("b"))},
			`egg: module "a" requires module "b", which is not in the app`},
		{"invalid config", []fx.Option{egg.Configure(func(c *egg.ServerConfig) { c.Port = -1 })},
			"config field Port = -1"},
		{"missing type", []fx.Option{fx.Invoke(func(*phases) {})},
			"egg: nothing provides *eggtest.phases"},
		{"failing hook", []fx.Option{egg.Module("m", egg.Boot(&phases{fail: egg.PhaseDidLoad}))},
			`egg: module "m" DidLoad failed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			defer tb.finish()
			app, err := Start(tb, tt.opts...)
			if err == nil {
				t.Fatal("Start succeeded, want an error")
			}
			if app != nil {
				t.Error("Start returned an App with its error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
			tb.wantNoFailure(t)
		})
	}
}

func TestStartLaterOptionsWin(t *testing.T) {
	app, err := Start(t, egg.Env("prod"))
	if err != nil {
		t.Fatal(err)
	}
	if app.Env() != "prod" {
		t.Errorf("Env() = %q, want prod: egg.Env in the options overrides unittest", app.Env())
	}
}

// counter is a request-scoped service.
type counter struct{ n int }

func scopedCounter() fx.Option {
	return egg.Module("counter", egg.Scoped[*counter](func(*egg.Ctx) *counter { return &counter{} }))
}

func TestCtxIsAnAnonymousContextWithItsOwnScope(t *testing.T) {
	app := New(t, scopedCounter())
	c1 := app.Ctx()
	a, b := egg.Use[*counter](c1), egg.Use[*counter](c1)
	if a != b {
		t.Error("two Use in one context built two services; want one per scope")
	}
	if other := egg.Use[*counter](app.Ctx()); other == a {
		t.Error("two contexts share a service; want a scope each")
	}
	if c1.Method() != "GET" || c1.Path() != "/" {
		t.Errorf("anonymous context is %s %s, want GET /", c1.Method(), c1.Path())
	}
}

func TestCtxEndsWithTheTest(t *testing.T) {
	tb := newFakeTB(t)
	ctx, cancel := context.WithCancel(context.Background())
	tb.ctx = ctx
	defer tb.finish()
	app := New(tb)
	c := app.Ctx()
	if c.Err() != nil {
		t.Fatalf("context ended early: %v", c.Err())
	}
	cancel() // what the testing package does when the test ends
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("Err() = %v after the test ended, want context.Canceled", c.Err())
	}
}

func TestWithTReportsToTheSubtest(t *testing.T) {
	app := New(t, egg.Routes(func(r *egg.Router) {
		r.Get("/", func(c *egg.Ctx) error { return c.Text(200, "ok") })
	}))
	sub := newFakeTB(t)
	app.WithT(sub).GET("/").Do().Status(404)
	sub.wantFailure(t, "GET / → 200: status = 200, want 404")
	if app.WithT(sub).T() != sub || app.T() != t {
		t.Error("WithT changed the original app's test")
	}
	app.GET("/").Do().Status(200).BodyEquals("ok")
}

// With modules.Default(), errors render in Egg's shapes and Bind validates.
func TestWithTheDefaultFramework(t *testing.T) {
	type input struct {
		Name string `json:"name" validate:"required"`
	}
	app := New(t, modules.Default(), egg.Routes(func(r *egg.Router) {
		r.Post("/things", func(c *egg.Ctx) error {
			var in input
			if err := c.Bind(&in); err != nil {
				return err
			}
			return c.JSON(201, in)
		})
	}))
	app.POST("/things").JSON(input{Name: "x"}).Do().Status(201).JSONEquals(`{"name":"x"}`)
	app.POST("/things").Header("Accept", "application/json").JSON(input{}).Do().
		Status(422).
		JSONEquals(`{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"}]}`)
	app.GET("/nope").Header("Accept", "application/json").Do().Status(404).JSONEquals(`{"message":"Not Found"}`)
}
