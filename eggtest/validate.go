package eggtest

import (
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// ValidateApp is the module graph test any app can copy: it checks that
// the app described by opts (as for New) can be wired, without starting
// it, and fails the test with the wiring mistake otherwise.
//
//	func TestModuleGraph(t *testing.T) {
//		eggtest.ValidateApp(t, modules.Default(), app.Module)
//	}
//
// It checks in two steps, in the unittest env:
//
//  1. fx.ValidateApp, a dry run that calls no constructor and no invoke
//     function. It catches what egg reads from the options — an unknown
//     or disabled module in egg.Requires, a module cycle, a duplicate
//     module or config, egg.Configure for a config no module declares, an
//     environment variable that does not parse — and fx's graph errors: a
//     type nobody provides, a type provided twice, a dependency cycle.
//  2. An egg build without start (egg.New): constructors and invoke
//     functions run (so they must not do I/O: open connections in a boot
//     hook), but no boot hook, no lifecycle hook and no server does. It
//     catches what the dry run cannot: a config's Validate failing, a
//     ConfigWillLoad or ConfigDidLoad hook failing, a middleware listed in
//     HTTPConfig but never registered (or registered twice), a duplicate
//     route or route name, a request-scoped service injected into a
//     singleton, and any constructor returning an error.
//
// What it cannot catch is what only happens at start: a DidLoad, WillReady,
// DidReady or ServerDidReady hook failing or hanging, or a port in use.
// eggtest.New catches those.
func ValidateApp(t testing.TB, opts ...fx.Option) {
	t.Helper()
	sink := newLogSink(t)
	t.Cleanup(sink.close)
	all := append(testDefaults(sink), opts...)
	if err := fx.ValidateApp(egg.Options(all...)); err != nil {
		t.Errorf("eggtest.ValidateApp: the app's module graph is broken: %v", err)
		return
	}
	if _, err := egg.New(all...); err != nil {
		t.Errorf("eggtest.ValidateApp: the app does not build: %v", err)
	}
}
