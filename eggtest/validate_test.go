package eggtest

import (
	"errors"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// store and handler are a tiny module graph: handler needs store.
type (
	store   struct{}
	handler struct{ s *store }
)

func newStore() *store                   { return &store{} }
func newHandler(s *store) *handler       { return &handler{s} }
func routeHandler(*egg.Router, *handler) {}

func TestValidateApp(t *testing.T) {
	good := []fx.Option{
		egg.Module("store", fx.Provide(newStore)),
		egg.Module("web", fx.Provide(newHandler), egg.Routes(routeHandler)),
	}
	tests := []struct {
		name string
		opts []fx.Option
		fail []string // nil: valid
	}{
		{"valid", good, nil},
		{"missing provider", []fx.Option{egg.Module("web", fx.Provide(newHandler), egg.Routes(routeHandler))},
			[]string{"the app's module graph is broken", "missing type: *eggtest.store"}},
		{"provided twice", append(good, fx.Provide(newStore)),
			[]string{"the app's module graph is broken", "already provided"}},
		{"missing module", []fx.Option{egg.Module("web", egg.Requires("store"))},
			[]string{`module "web" requires module "store", which is not in the app`}},
		{"configure without module", []fx.Option{egg.Configure(func(*struct{ A int }) {})},
			[]string{"no module in the app declares this config"}},
		{"invalid config", []fx.Option{egg.Configure(func(c *egg.ServerConfig) { c.Port = 70000 })},
			[]string{"the app does not build", "config field Port = 70000", "must be 0-65535"}},
		{"unregistered middleware", []fx.Option{egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"auth"} })},
			[]string{"the app does not build", `middleware "auth" is listed in HTTPConfig but no module registers it`}},
		{"duplicate route", []fx.Option{egg.Routes(func(r *egg.Router) {
			h := func(*egg.Ctx) error { return nil }
			r.Get("/a", h)
			r.Get("/a", h)
		})}, []string{"the app does not build", "route GET /a is registered twice"}},
		{"scoped service in a singleton", []fx.Option{
			egg.Module("svc", egg.Scoped[*store](func(*egg.Ctx) *store { return &store{} }), fx.Provide(newHandler)),
			egg.Routes(routeHandler),
		}, []string{"the app does not build", "*eggtest.store is request-scoped"}},
		{"constructor error", []fx.Option{egg.Module("store", fx.Provide(func() (*store, error) {
			return nil, errors.New("no disk")
		}), fx.Invoke(func(*store) {}))}, []string{"the app does not build", "no disk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			defer tb.finish()
			ValidateApp(tb, tt.opts...)
			if tt.fail == nil {
				tb.wantNoFailure(t)
				return
			}
			tb.wantFailure(t, append([]string{"eggtest.ValidateApp: "}, tt.fail...)...)
		})
	}
}

func TestValidateAppStartsNothing(t *testing.T) {
	p := &phases{}
	ValidateApp(t, egg.Module("m", egg.Boot(p)))
	if got := p.list(); len(got) != 0 {
		t.Errorf("ValidateApp ran boot hooks %v; want none", got)
	}
}
