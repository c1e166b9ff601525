package main

import (
	"fmt"
	"io"
	"strings"
)

// usage prints the tool's help.
func usage(w io.Writer) {
	fmt.Fprintf(w, `egg is the command-line tool of egg for Go.

Usage:
  egg init [--template %s] [--module PATH] [--force] DIR
                        write a new app in Egg's layout into DIR
  egg routes [flags]    print the route table of the app in the current directory
  egg config [flags]    print its merged config (e.g. --env prod), secrets masked
  egg graph [flags]     print its module graph in DOT
  egg --version         print the tool's version and the egg version new apps require
  egg help [init]       print this help, or the help of init

routes, config and graph build the app in the current directory and run it with <command> [flags]:
the app binary answers them itself (egg.Run), so ./app routes works the same.
`, strings.Join(templateNames(), "|"))
}

// initUsage prints the help of egg init.
func initUsage(w io.Writer) {
	fmt.Fprintf(w, `Usage: egg init [flags] DIR

Writes a new egg app into DIR (created if missing; it must be empty unless --force):
main.go, config/, app/{controller,service,middleware,router.go,boot.go}, tests with
eggtest, a Dockerfile, a Makefile and a README. Then: cd DIR && go mod tidy && go run .

Flags:
  --template NAME     the kind of app (default simple):
%s  --module PATH       the go.mod module path (default: DIR's base name, e.g. shop)
  --name NAME         the app's name for egg.Name and its env prefix (default: DIR's base name)
  --force             write into a non-empty DIR, replacing files of the same names
  --replace PATH      add "replace github.com/egg-go/egg => PATH" to go.mod (a local egg checkout)
  --egg-version V     the github.com/egg-go/egg version go.mod requires (default %s)
`, templateList(), eggVersionForApps())
}

// templateList is the templates, one a line, for the help text.
func templateList() string {
	var b strings.Builder
	for _, t := range appTemplates {
		fmt.Fprintf(&b, "                        %-7s %s\n", t.name, t.summary)
	}
	return b.String()
}

// runHelp is `egg help [command]`.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		usage(stdout)
	case args[0] == "init" && len(args) == 1:
		initUsage(stdout)
	default:
		fmt.Fprintf(stderr, "egg help: no help for %q; try `egg help` or `egg help init`\n", strings.Join(args, " "))
		return 2
	}
	return 0
}
