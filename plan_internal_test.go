package egg

import (
	"context"
	"log/slog"
	"testing"

	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
)

type scopeProbe struct{}

func TestNeedsScope(t *testing.T) {
	ctor := func() *scopeProbe { return &scopeProbe{} }
	tests := []struct {
		name string
		opts []fx.Option
		want bool
	}{
		{"nothing", nil, false},
		{"fx.Provide", []fx.Option{fx.Provide(ctor)}, false},
		{"fx.Supply", []fx.Option{fx.Supply(&scopeProbe{})}, false},
		{"fx.Invoke", []fx.Option{fx.Invoke(func(*scopeProbe) {})}, false},
		{"fx.Error", []fx.Option{fx.Error(context.Canceled)}, false},
		{"fx.Options of those", []fx.Option{fx.Options(fx.Provide(ctor), fx.Options(fx.Invoke(func() {})))}, false},
		{"fx.Provide with fx.Private", []fx.Option{fx.Provide(ctor, fx.Private)}, true},
		{"fx.Supply with fx.Private", []fx.Option{fx.Supply(fx.Private, &scopeProbe{})}, true},
		{"fx.Decorate", []fx.Option{fx.Decorate(func(p *scopeProbe) *scopeProbe { return p })}, true},
		{"fx.Replace", []fx.Option{fx.Replace(&scopeProbe{})}, true},
		{"nested fx.Module", []fx.Option{fx.Module("inner", fx.Provide(ctor))}, true},
		{"fx.WithLogger", []fx.Option{fx.WithLogger(func() fxevent.Logger { return fxevent.NopLogger })}, true},
		{"fx.Decorate inside fx.Options", []fx.Option{fx.Provide(ctor), fx.Options(fx.Decorate(func(p *scopeProbe) *scopeProbe { return p }))}, true},
		{"an option egg does not know", []fx.Option{fx.RecoverFromPanics()}, true},
	}
	for _, tt := range tests {
		if got := needsScope(tt.opts); got != tt.want {
			t.Errorf("%s: needsScope = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Without any egg.LogHandler no record is held for one until the app
// starts (held records cost a copy each); with one they are.
func TestLateSlotHoldsOnlyForLogHandlers(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []fx.Option
		hold bool
	}{
		{"no LogHandler", nil, false},
		{"a LogHandler", []fx.Option{Module("files", LogHandler(slog.DiscardHandler))}, true},
	} {
		k, err := assemble(append([]fx.Option{Env("unittest"), BaseDir(t.TempDir())}, tt.opts...))
		if err != nil {
			t.Fatal(err)
		}
		late := k.app.log.late.root()
		if got := late.Enabled(context.Background(), slog.LevelDebug); got != tt.hold {
			t.Errorf("%s: the late slot takes records before start: %v, want %v", tt.name, got, tt.hold)
		}
		k.app.log.core.Debug("built")
		if got := len(k.app.log.late.held) > 0; got != tt.hold {
			t.Errorf("%s: records held: %v, want %v", tt.name, got, tt.hold)
		}
	}
}
