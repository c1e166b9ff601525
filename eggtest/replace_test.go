package eggtest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Mailer is an interface the app provides; realMailer is the app's,
// fakeMailer the test's.
type Mailer interface{ Send(to string) string }

type realMailer struct{ built *bool }

func (realMailer) Send(to string) string { return "real mail to " + to }

type fakeMailer struct{}

func (fakeMailer) Send(to string) string { return "fake mail to " + to }

// mailApp provides a Mailer (as the interface) and sends one on GET /mail.
// built records whether the real constructor ran.
func mailApp(built *bool) fx.Option {
	return egg.Module("mail",
		fx.Provide(func() Mailer { *built = true; return realMailer{built} }),
		egg.Routes(func(r *egg.Router, m Mailer) {
			r.Get("/mail", func(c *egg.Ctx) error { return c.Text(http.StatusOK, m.Send("ada")) })
		}),
	)
}

// The bug: fx.Replace of a fake whose concrete type nobody provides did
// nothing, silently. Now it fails the test, naming the fix.
func TestFxReplaceOfAnInterfaceFailsTheTest(t *testing.T) {
	var built bool
	tb := newFakeTB(t)
	defer tb.finish()
	_, err := Start(tb, mailApp(&built), fx.Replace(fakeMailer{}))
	if err == nil {
		t.Fatal("Start succeeded; want the replacement that replaced nothing reported")
	}
	for _, want := range []string{
		"eggtest: fx.Replace of eggtest.fakeMailer at ",
		"replace_test.go:",
		"replaced nothing: nothing in the app provides eggtest.fakeMailer, or nothing uses it",
		"use eggtest.Replace[TheInterface](fake)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v\nwant it to contain %q", err, want)
		}
	}
	nb := newFakeTB(t)
	var app *App
	nb.run(func(tb testing.TB) { app = New(tb, mailApp(&built), fx.Replace(fakeMailer{})) })
	if app != nil || !nb.fatal {
		t.Error("New went on with a replacement that replaced nothing")
	}
	nb.wantFailure(t, "eggtest: the app did not start", "fx.Replace of eggtest.fakeMailer")
	nb.finish()
}

func TestReplaceSwapsTheProviderOfAnInterface(t *testing.T) {
	var built bool
	app := New(t, mailApp(&built), Replace[Mailer](fakeMailer{}))
	app.GET("/mail").Do().Status(200).BodyEquals("fake mail to ada")
	if built {
		t.Error("the real Mailer was built; want the fake instead of it")
	}
}

func TestReplaceOfAConcreteType(t *testing.T) {
	type clock struct{ now string }
	app := New(t,
		egg.Module("clock", fx.Provide(func() *clock { return &clock{"real"} }),
			egg.Routes(func(r *egg.Router, c *clock) {
				r.Get("/now", func(x *egg.Ctx) error { return x.Text(200, c.now) })
			})),
		Replace(&clock{"fake"}),
	)
	app.GET("/now").Do().BodyEquals("fake")
}

func TestReplaceFailsWhenNothingProvidesTheType(t *testing.T) {
	tests := []struct {
		name string
		opts []fx.Option
		want []string
	}{
		{"eggtest.Replace, no provider",
			[]fx.Option{Replace[Mailer](fakeMailer{})},
			[]string{"eggtest.Replace at ", "replace_test.go:", "(fake eggtest.fakeMailer) replaced nothing"}},
		{"eggtest.Replace, nil fake",
			[]fx.Option{mailApp(new(bool)), Replace[Mailer](nil)},
			[]string{"eggtest.Replace[eggtest.Mailer]: the fake is nil"}},
		{"fx.Decorate of a type nobody provides",
			[]fx.Option{fx.Decorate(func(m Mailer) Mailer { return m })},
			[]string{"eggtest: fx.Decorate of eggtest.Mailer at ", "replace_test.go:", "decorated nothing"}},
		{"two replacements, one applied",
			[]fx.Option{mailApp(new(bool)), Replace[Mailer](fakeMailer{}), fx.Replace(&store{})},
			[]string{"fx.Replace of *eggtest.store", "replaced nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			defer tb.finish()
			app, err := Start(tb, tt.opts...)
			if err == nil || app != nil {
				t.Fatalf("Start = %v, %v; want an error", app, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error = %v\nwant it to contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "eggtest.Mailer") && strings.Contains(tt.name, "two") {
				t.Errorf("error names the replacement that was applied: %v", err)
			}
		})
	}
}

// Replacements that take effect pass, whichever way they are written, and
// whoever uses the value (a constructor in another module, a boot object,
// a request-scoped factory).
func TestReplacementsThatApplyPass(t *testing.T) {
	provide := egg.Module("store", fx.Provide(newStore))
	tests := []struct {
		name string
		opts []fx.Option
	}{
		{"fx.Replace used by a constructor", []fx.Option{provide, egg.Module("web", fx.Provide(newHandler), egg.Routes(routeHandler)), fx.Replace(&store{})}},
		{"fx.Decorate used by routes", []fx.Option{provide, egg.Routes(func(*egg.Router, *store) {}), fx.Decorate(func(s *store) *store { return s })}},
		{"fx.Replace used by a boot object", []fx.Option{provide, egg.Module("b", egg.Boot(func(*store) *phases { return &phases{} })), fx.Replace(&store{})}},
		{"fx.Replace used by a scoped factory", []fx.Option{provide, egg.Module("s", egg.Scoped[*counter](func(*store) func(*egg.Ctx) *counter {
			return func(*egg.Ctx) *counter { return &counter{} }
		})), fx.Replace(&store{})}},
		{"annotated fx.Replace of an interface", []fx.Option{mailApp(new(bool)), fx.Replace(fx.Annotate(fakeMailer{}, fx.As(new(Mailer))))}},
		{"a replacement inside a module is not checked", []fx.Option{egg.Module("fakes", fx.Replace(fakeMailer{}))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			defer tb.finish()
			if _, err := Start(tb, tt.opts...); err != nil {
				t.Fatalf("Start: %v", err)
			}
		})
	}
}
