package egg

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"syscall"
	"text/tabwriter"

	"go.uber.org/fx"
)

// Run is the main() of an egg app binary: it reads the subcommand and
// flags, runs it, and exits the process with its status. Subcommands:
//
//	start   (default) serve until SIGINT/SIGTERM, then stop gracefully;
//	        a second signal forces exit. --daemon runs it in the
//	        background and returns once it is ready (Unix)
//	stop    stop the app of a --title started from this directory (Unix)
//	config  print the merged config for --env, secrets masked
//	routes  print the route table
//	graph   print the module graph in DOT (--fx: fx's dependency graph)
//
// config, routes and graph never need production secrets: they build the
// app without starting it and flag each invalid config field (on stderr,
// and in config's "invalid" list) instead of failing; start refuses an
// invalid config. Flags: --env (default EGG_SERVER_ENV, else local),
// --port (default PORT, else the config's 7001), --fx (graph only), and
// start's and stop's own (see the help subcommand): --title, --daemon,
// --stdout, --stderr, --https-cert, --https-key, --workers, --timeout.
func Run(opts ...fx.Option) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	code := run(os.Args[1:], os.Stdout, os.Stderr, sig, opts)
	signal.Stop(sig)
	os.Exit(code)
}

// RunArgs is Run without the process, for tests of an app's printing
// subcommands (config, routes, graph, help and module commands such as
// schedules): it runs args with opts, writes to stdout and stderr, and
// returns the exit code instead of exiting. No signal reaches it, so do
// not give it start.
func RunArgs(args []string, stdout, stderr io.Writer, opts ...fx.Option) int {
	return run(args, stdout, stderr, nil, opts)
}

// run is Run without the process: testable.
func run(args []string, stdout, stderr io.Writer, sig <-chan os.Signal, opts []fx.Option) int {
	cmd := "start"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // usage and errors are written below, once
	envFlag := fs.String("env", "", "")
	portFlag := fs.Int("port", -1, "")
	fxFlag := fs.Bool("fx", false, "")
	var start *startFlags
	var stop *stopFlags
	switch cmd {
	case "start":
		start = addStartFlags(fs)
	case "stop":
		stop = addStopFlags(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			fmt.Fprint(stdout, moduleCommandHelp(opts))
			return 0
		}
		fmt.Fprintf(stderr, "egg: %v; see --help\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "egg: unexpected argument %q; see --help\n", fs.Arg(0))
		return 2
	}
	if *fxFlag && cmd != "graph" {
		fmt.Fprintln(stderr, "egg: --fx applies to the graph subcommand only")
		return 2
	}
	if *portFlag >= 0 && cmd == "stop" {
		fmt.Fprintln(stderr, "egg: --port applies to start and config; stop finds the app by its --title")
		return 2
	}
	var pre []fx.Option
	if *envFlag != "" {
		pre = append(pre, Env(*envFlag))
	}
	if *portFlag >= 0 {
		port := *portFlag
		pre = append(pre, newSetting("--port", func(p *plan) {
			p.flags = append(p.flags, &configPatch{typ: reflect.TypeFor[ServerConfig](), kind: layerFlag, label: "flag --port",
				apply: func(v any) { v.(*ServerConfig).Port = port }})
		}))
	}
	pre = append(pre, start.options(*portFlag >= 0)...)
	all := append(pre, opts...)
	switch cmd {
	case "help":
		usage(stdout)
		fmt.Fprint(stdout, moduleCommandHelp(all))
		return 0
	case "start":
		return runStart(stdout, stderr, sig, append(all, WithServer()), start)
	case "stop":
		return runStop(stdout, stderr, all, stop)
	case "graph":
		if !*fxFlag {
			return printModuleGraph(stdout, stderr, all)
		}
		var dot fx.DotGraph
		return inspect(stderr, append(all, fx.Populate(&dot)), func(*App) { fmt.Fprintln(stdout, string(dot)) })
	case "config":
		return inspect(stderr, all, func(app *App) {
			var out orderedObject
			out.set("env", app.env)
			out.set("config", app.configs.dump())
			if len(app.configs.invalid) > 0 {
				out.set("invalid", invalidFields(app.configs.invalid))
			}
			b, _ := indentJSON(out)
			fmt.Fprint(stdout, string(b))
		})
	case "routes":
		return inspect(stderr, all, func(app *App) {
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "METHOD\tPATTERN\tNAME\tHANDLER")
			for _, r := range app.Routes() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Method, r.Pattern, r.Name, r.Handler)
			}
			_ = tw.Flush()
		})
	}
	if code, ok := runCommand(cmd, stdout, stderr, all); ok {
		return code
	}
	extra := ""
	for _, c := range commands(all) {
		extra += ", " + c.name
	}
	fmt.Fprintf(stderr, "egg: unknown subcommand %q; use start, stop, config, routes, graph%s or help\n", cmd, extra)
	return 2
}

// usage is the help text: each flag's default is said once.
func usage(w io.Writer) {
	fmt.Fprintf(w, `usage: %s [start|stop|config|routes|graph|help] [flags]

commands:
  start    serve until SIGINT or SIGTERM, then stop gracefully (the default)
  stop     stop the app that start ran with the same --title from this directory
  config   print the merged config, secrets masked, invalid fields flagged
  routes   print the route table
  graph    print the module graph in DOT (with --fx: fx's dependency graph)
  help     print this help

flags:
  --env ENV     local, unittest, prod or any name (default: $EGG_SERVER_ENV, else local)
  --port PORT   port to listen on (default: $PORT, else the config's, 7001)
  --fx          for graph: print fx's dependency graph instead

start and stop:
  --title NAME       the app's title; its pid file is run/NAME.pid (default: egg-server-{app name})
  --timeout T        start --daemon: how long to wait for the app to be ready (default: 300s);
                     stop: how long to wait before SIGKILL (default: 30s).
                     A duration (30s, 2m) or, as Egg's, milliseconds
start only:
  --daemon           run in the background in a new session; return once the app is ready,
                     or fail with its error (Unix)
  --stdout FILE      with --daemon, the app's standard output (default: logs/NAME-stdout.log)
  --stderr FILE      with --daemon, the app's standard error, where it logs
                     (default: logs/NAME-stderr.log)
  --https-cert FILE  serve HTTPS, HTTP/2 included, with this PEM certificate; the port is
                     then 8443 unless --port or $PORT says otherwise (also --https.cert)
  --https-key FILE   the certificate's private key (also --https.key)
  --workers N        accepted for Egg's scripts and ignored: one Go process uses every core

config, routes and graph do not start the app and do not need its secrets.
stop signals only the process named by this directory's pid file for --title,
after checking that it is this program running with that title.
`, filepath.Base(os.Args[0]))
}

// inspect builds the app without starting it, for a printing subcommand:
// invalid config fields are flagged on stderr instead of failing.
func inspect(stderr io.Writer, opts []fx.Option, show func(*App)) int {
	opts = append([]fx.Option{newSetting("egg.inspect", func(p *plan) { p.inspect = true })}, opts...)
	app, err := New(opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	show(app)
	for _, fe := range app.configs.invalid {
		fmt.Fprintf(stderr, "%v (start refuses this config)\n", fe)
	}
	return 0
}

// invalidFields lists flagged fields for the config subcommand's JSON.
func invalidFields(fields []*ConfigFieldError) []orderedObject {
	out := make([]orderedObject, 0, len(fields))
	for _, fe := range fields {
		var o orderedObject
		o.set("module", fe.Module)
		o.set("field", fe.Field)
		o.set("value", fe.Value)
		o.set("layer", fe.Layer)
		o.set("reason", fe.Reason)
		out = append(out, o)
	}
	return out
}
