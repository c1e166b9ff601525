package egg

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.uber.org/fx"
)

// CommandOutput is where a Command writes: the binary's standard output.
// A Command's function asks for it like any other dependency.
type CommandOutput struct{ io.Writer }

// Command adds a subcommand to the app binary (egg.Run), for a module
// that has something to print, as config and routes do: `./app NAME`
// builds the app without starting it (no listener, no boot phase past
// ConfigDidLoad, no secrets needed) and calls run, an fx invoke function:
// its parameters are resolved from the app (plus CommandOutput), and an
// error it returns is printed and exits 1.
//
//	egg.Command("schedules", "print the registered schedules",
//		func(s *schedule.Scheduler, out egg.CommandOutput) error {
//			return schedule.WriteTable(out, s.List())
//		})
//
// A command of a disabled module is not offered. Names are lower-case
// words; the built-in subcommands cannot be replaced.
func Command(name, summary string, run any) fx.Option {
	at := caller()
	if !commandName.MatchString(name) || slices.Contains(builtinCommands, name) {
		return fx.Error(fmt.Errorf("egg: Command %q (at %s): use a lower-case word (a-z, 0-9, -) that is not one of %s",
			name, at, strings.Join(builtinCommands, ", ")))
	}
	if t := reflect.TypeOf(run); t == nil || t.Kind() != reflect.Func {
		return fx.Error(fmt.Errorf("egg: Command %q (at %s) needs a function for run, got %T", name, at, run))
	}
	return commandOption{Option: fx.Options(), cmd: command{name: name, summary: summary, run: run, caller: at}}
}

var (
	commandName     = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	builtinCommands = []string{"start", "stop", "config", "routes", "graph", "help"}
)

type command struct {
	name, summary string
	run           any
	caller        string
	module        string
}

type commandOption struct {
	fx.Option
	cmd command
}

func (o commandOption) String() string { return "egg.Command(" + o.cmd.name + ")" }

func (o commandOption) visit(w *walker) {
	c := o.cmd
	if w.cur != nil {
		c.module = w.cur.name
	}
	w.plan.commands = append(w.plan.commands, c)
}

// commands lists the subcommands the enabled modules of opts offer.
func commands(opts []fx.Option) []command {
	p := newPlan(opts)
	var out []command
	for _, c := range p.commands {
		if c.module == "" || slices.ContainsFunc(p.modules, func(m *moduleInfo) bool { return m.name == c.module && p.moduleOn(m) }) {
			out = append(out, c)
		}
	}
	return out
}

// runCommand runs the module subcommand name, if one is offered.
func runCommand(name string, stdout, stderr io.Writer, opts []fx.Option) (code int, found bool) {
	for _, c := range commands(opts) {
		if c.name != name {
			continue
		}
		run := append(opts, fx.Supply(CommandOutput{stdout}), fx.Invoke(c.run))
		return inspect(stderr, run, func(*App) {}), true
	}
	return 0, false
}

// moduleCommandHelp is the help section of the module subcommands, "" if
// there are none.
func moduleCommandHelp(opts []fx.Option) string {
	cs := commands(opts)
	if len(cs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nmodule commands (build the app without starting it, like config):\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "  %-8s %s (module %s)\n", c.name, c.summary, c.module)
	}
	return b.String()
}
