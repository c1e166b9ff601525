// Command egg is the egg for Go server of the over-the-wire comparison in
// bench/compare.sh: the benchmark module of bench/apps on one of two
// stacks, run by egg.Run:
//
//	EGG_BENCH_CONFIG=default (or unset)  modules.Default(), every default
//	                                     module on, plus the page of
//	                                     apps.Page (GET /page, GET /login)
//	EGG_BENCH_CONFIG=minimal             apps.Minimal(): onerror and
//	                                     bodyparser only
//
// It listens on the address in the ADDR environment variable (default
// 127.0.0.1:7001); the env comes from EGG_SERVER_ENV (compare.sh sets
// prod). SIGINT or SIGTERM stop it gracefully.
package main

import (
	"net"
	"os"
	"strconv"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/bench/apps"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:7001"
	}
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		os.Stderr.WriteString("egg bench server: ADDR must be host:port: " + err.Error() + "\n")
		os.Exit(2)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		os.Stderr.WriteString("egg bench server: ADDR port must be a number\n")
		os.Exit(2)
	}
	var opts []fx.Option
	switch cfg := os.Getenv("EGG_BENCH_CONFIG"); cfg {
	case "", "default":
		opts = []fx.Option{modules.Default(), apps.Page()}
	case "minimal":
		opts = []fx.Option{apps.Minimal()}
	default:
		os.Stderr.WriteString("egg bench server: EGG_BENCH_CONFIG is " + strconv.Quote(cfg) + "; use default or minimal\n")
		os.Exit(2)
	}
	egg.Run(append(opts,
		egg.Name("bench"),
		egg.Configure(func(c *egg.ServerConfig) { c.Host, c.Port = host, port }),
		apps.Egg(),
	)...)
}
