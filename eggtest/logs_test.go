package eggtest

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
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

// recorder is a slog.Handler a test gives egg.WithLogHandler.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func (r *recorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.records {
		out = append(out, rec.Message)
	}
	return out
}

// The bug: eggtest's own logger replaced egg's, so a handler given with
// egg.WithLogHandler received nothing. Now both get every record.
func TestWithLogHandlerReceivesTheAppsRecords(t *testing.T) {
	rec := &recorder{}
	app := New(t, greeterModule(), egg.WithLogHandler(rec))
	if got := rec.messages(); !slices.Contains(got, "greeter ready") || !slices.Contains(got, "greeter details") {
		t.Errorf("the test's handler got %q; want the app's records, debug included", got)
	}
	app.ExpectLog("greeter ready") // eggtest's capture still works
}

func TestLogOutputReceivesTheConsoleLines(t *testing.T) {
	var buf syncBuffer
	app := New(t, greeterModule(), egg.LogOutput(&buf), egg.Routes(func(r *egg.Router) {
		r.Get("/warn", func(c *egg.Ctx) error { c.Logger().Warn("disk almost full"); return c.NoContent(204) })
	}))
	app.GET("/warn").Do().Status(204)
	out := buf.String()
	if !strings.Contains(out, "disk almost full") {
		t.Errorf("egg.LogOutput got %q; want the console's warn line", out)
	}
	if strings.Contains(out, "greeter ready") {
		t.Errorf("egg.LogOutput got an info line in unittest (console level warn): %q", out)
	}
	app.ExpectLog("disk almost full")
}

// egg.WithLogger replaces every handler, eggtest's capture included: the
// test's logger gets the records and ExpectLog sees none.
func TestWithLoggerReplacesTheCapture(t *testing.T) {
	rec := &recorder{}
	tb := newFakeTB(t)
	defer tb.finish()
	app := New(tb, greeterModule(), egg.WithLogger(slog.New(rec)))
	if !slices.Contains(rec.messages(), "greeter ready") {
		t.Errorf("the test's logger got %q", rec.messages())
	}
	if slices.ContainsFunc(app.Logs(), func(l string) bool { return strings.Contains(l, "greeter ready") }) {
		t.Error("eggtest captured a record given to egg.WithLogger's logger")
	}
}

// syncBuffer is a bytes.Buffer safe for the app's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
