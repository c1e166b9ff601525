package eggtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/egg-go/egg"
)

// greeter logs once it is ready.
type greeter struct{ app *egg.App }

func (g greeter) DidReady(context.Context) error {
	g.app.Logger().Info("greeter ready", "users", 2)
	g.app.Logger().Debug("greeter details", "cache", "warm")
	return nil
}

func greeterModule() egg.ModuleOption {
	return egg.Module("greeter", egg.Boot(func(a *egg.App) greeter { return greeter{a} }))
}

func TestExpectLog(t *testing.T) {
	tests := []struct {
		name  string
		check func(a *App)
		fail  string
	}{
		{"message", func(a *App) { a.ExpectLog("greeter ready") }, ""},
		{"attribute", func(a *App) { a.ExpectLog("users=2") }, ""},
		{"whole line", func(a *App) { a.ExpectLog(`level=INFO msg="greeter ready" logger=app users=2`) }, ""},
		{"debug is kept", func(a *App) { a.ExpectLog("cache=warm") }, ""},
		{"missing", func(a *App) { a.ExpectLog("goodbye") },
			`eggtest: no log line contains "goodbye"; the app logged:`},
		{"not expected passes", func(a *App) { a.NotExpectLog("goodbye") }, ""},
		{"not expected fails", func(a *App) { a.NotExpectLog("greeter ready") },
			`eggtest: a log line contains "greeter ready"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			defer tb.finish()
			app := New(tb, greeterModule())
			tt.check(app)
			if tt.fail == "" {
				tb.wantNoFailure(t)
				return
			}
			tb.wantFailure(t, tt.fail, "msg=\"greeter ready\"") // the message lists what was logged
		})
	}
}

func TestLogsGoToTheTestFromInfo(t *testing.T) {
	tb := newFakeTB(t)
	app := New(tb, greeterModule())
	if !slices.ContainsFunc(app.Logs(), func(l string) bool { return strings.Contains(l, "level=DEBUG") }) {
		t.Error("Logs() holds no debug line; want every level kept")
	}
	var info, debug bool
	for _, l := range tb.logs {
		info = info || strings.Contains(l, "greeter ready")
		debug = debug || strings.Contains(l, "level=DEBUG")
	}
	if !info || debug {
		t.Errorf("the test's log has info: %v, debug: %v; want info only:\n%s", info, debug, strings.Join(tb.logs, "\n"))
	}
	for _, l := range app.Logs() {
		if strings.HasPrefix(l, "time=") || strings.Contains(l, " time=") {
			t.Errorf("log line carries the time: %s", l)
		}
	}
	tb.finish()
	n := len(tb.logs)
	app.Logger().Info("after the test") // a test that has ended must not be logged to
	if len(tb.logs) != n {
		t.Error("the app logged to the test after it ended")
	}
	app.ExpectLog("after the test") // still kept
	tb.wantNoFailure(t)
}

func TestEGGLOGSetsTheTestsLogLevel(t *testing.T) {
	t.Setenv("EGG_LOG", "debug")
	tb := newFakeTB(t)
	defer tb.finish()
	New(tb, greeterModule())
	if !slices.ContainsFunc(tb.logs, func(l string) bool { return strings.Contains(l, "greeter details") }) {
		t.Errorf("with EGG_LOG=debug the debug line did not reach the test:\n%s", strings.Join(tb.logs, "\n"))
	}
}
