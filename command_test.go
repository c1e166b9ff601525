package egg

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"go.uber.org/fx"
)

type tally struct{ n int }

// A module's Command is a subcommand of the binary: it builds the app
// without starting it and runs with the app's dependencies.
func TestCommandRunsWithTheAppsDependencies(t *testing.T) {
	started := false
	mod := Module("counter",
		fx.Supply(&tally{n: 3}),
		Boot(&startSpy{started: &started}),
		Command("count", "print the tally", func(tl *tally, out CommandOutput) error {
			_, err := io.WriteString(out, strings.Repeat("*", tl.n)+"\n")
			return err
		}),
	)
	base := []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard)}
	var out, errOut bytes.Buffer
	if c := run([]string{"count"}, &out, &errOut, nil, append(base, mod)); c != 0 || out.String() != "***\n" {
		t.Fatalf("exit %d, out %q, err %q", c, out.String(), errOut.String())
	}
	if started {
		t.Error("a command must not start the app")
	}
	out.Reset()
	run([]string{"help"}, &out, io.Discard, nil, append(base, mod))
	if !strings.Contains(out.String(), "count    print the tally (module counter)") {
		t.Errorf("help does not list the module command:\n%s", out.String())
	}
	// a disabled module's command is not offered
	errOut.Reset()
	if c := run([]string{"count"}, io.Discard, &errOut, nil, append(base, mod, Disable("counter"))); c != 2 ||
		!strings.Contains(errOut.String(), `unknown subcommand "count"`) {
		t.Errorf("disabled: exit %d, %s", c, errOut.String())
	}
}

func TestCommandErrors(t *testing.T) {
	base := []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard)}
	var errOut bytes.Buffer
	failing := Module("f", Command("boom", "fails", func() error { return errors.New("no schedules table") }))
	if c := run([]string{"boom"}, io.Discard, &errOut, nil, append(base, failing)); c != 1 || !strings.Contains(errOut.String(), "no schedules table") {
		t.Errorf("exit %d: %s", c, errOut.String())
	}
	for _, tt := range []struct {
		name string
		run  any
		want string
	}{
		{"routes", func() {}, "not one of start, stop, config, routes"},
		{"Bad Name", func() {}, "use a lower-case word"},
		{"ok", 42, "needs a function for run, got int"},
	} {
		_, err := New(append(base, Module("m", Command(tt.name, "", tt.run)))...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Command(%q): %v, want %q", tt.name, err, tt.want)
		}
	}
}

type startSpy struct{ started *bool }

func (s *startSpy) DidLoad(context.Context) error { *s.started = true; return nil }
