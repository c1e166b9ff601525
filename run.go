package egg

import (
	"context"
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
//	        a second signal forces exit
//	config  print the merged config for --env, secrets masked
//	routes  print the route table
//	graph   print the fx dependency graph in DOT
//
// Flags: --env (default EGG_SERVER_ENV, else local), --port (default PORT,
// else the config's 7001).
func Run(opts ...fx.Option) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	code := run(os.Args[1:], os.Stdout, os.Stderr, sig, opts)
	signal.Stop(sig)
	os.Exit(code)
}

// run is Run without the process: testable.
func run(args []string, stdout, stderr io.Writer, sig <-chan os.Signal, opts []fx.Option) int {
	cmd := "start"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	envFlag := fs.String("env", "", "environment: local, unittest, prod, ... (default EGG_SERVER_ENV, else local)")
	portFlag := fs.Int("port", -1, "port to listen on (default PORT, else 7001)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s [start|config|routes|graph|help] [--env ENV] [--port PORT]\n", filepath.Base(os.Args[0]))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
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
	all := append(pre, opts...)
	var dot fx.DotGraph
	show, ok := map[string]func(app *App){
		"config": func(app *App) {
			var out orderedObject
			out.set("env", app.env)
			out.set("config", app.configs.dump())
			b, _ := indentJSON(out)
			fmt.Fprint(stdout, string(b))
		},
		"routes": func(app *App) {
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "METHOD\tPATTERN\tNAME\tHANDLER")
			for _, r := range app.Routes() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Method, r.Pattern, r.Name, r.Handler)
			}
			_ = tw.Flush()
		},
		"graph": func(*App) { fmt.Fprintln(stdout, string(dot)) },
	}[cmd]
	switch {
	case cmd == "help":
		fs.Usage()
		return 0
	case cmd == "start":
		return runStart(stderr, sig, append(all, WithServer()))
	case ok: // build the app without starting it, then print
		app, err := New(append(all, fx.Populate(&dot))...)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		show(app)
		return 0
	}
	fmt.Fprintf(stderr, "egg: unknown subcommand %q; use start, config, routes, graph or help\n", cmd)
	return 2
}

func runStart(stderr io.Writer, sig <-chan os.Signal, opts []fx.Option) int {
	app, err := New(opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := app.Start(context.Background()); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	s := <-sig
	app.CoreLogger().Info("stopping: in-flight requests may finish", "signal", s.String(),
		"timeout", ConfigOf[ServerConfig](app.configs).ShutdownTimeout)
	done := make(chan error, 1)
	go func() { done <- app.Stop(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	case s := <-sig:
		fmt.Fprintf(stderr, "egg: second signal (%s): exiting without waiting\n", s)
		return 1
	}
}
