// Command egg is egg for Go's command-line tool: Egg.js's egg-init, plus
// shortcuts to an app's own subcommands.
//
//	egg init [--template simple|api|site] [--module PATH] [--force] DIR
//	egg routes|config|graph [flags]   # builds the app in the current directory, runs `app <command>`
//	egg --version
//	egg help [init]
//
// `egg init` writes a new app in Egg's conventional layout, as Go packages:
// main.go, config/, app/{controller,service,middleware,router.go}, a boot
// hook, tests with eggtest, a Dockerfile, a Makefile and a README. Then:
//
//	cd DIR && go mod tidy && go run .
//
// The tool uses the standard library only.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main without the process: it returns the exit status (0 done,
// 1 failed, 2 wrong usage).
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch cmd := args[0]; cmd {
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "version", "--version", "-version", "-v":
		fmt.Fprintln(stdout, versionLine())
		return 0
	case "help", "--help", "-help", "-h":
		return runHelp(args[1:], stdout, stderr)
	case "routes", "config", "graph":
		return forward(cmd, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "egg: unknown command %q; the commands are init, routes, config, graph, help and --version (see `egg help`)\n", cmd)
		return 2
	}
}
