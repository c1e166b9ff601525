// Command hello is egg's example app in Egg's conventional layout: a users
// API with validation, a named middleware, a boot hook and per-env config.
//
//	go run .                   # serves on http://127.0.0.1:7001 (env local)
//	go run . routes            # prints the route table
//	go run . config --env prod # prints the prod config
//	go test ./...
package main

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app"
	"github.com/egg-go/egg/_examples/hello/config"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

func main() {
	egg.Run(options()...)
}

// options is the whole app: the framework, the app's name and module, and
// its config. The tests start the very same app with eggtest.New.
func options() []fx.Option {
	return append([]fx.Option{modules.Default(), egg.Name("hello"), app.Module}, config.Options()...)
}
