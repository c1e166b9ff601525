// Command site is egg's server-rendered example: pages from templates in
// two languages, a sign-in with a session, a file upload and a scheduled
// heartbeat, in Egg's conventional layout.
//
//	go run ./_examples/site          # from the repository root, or
//	go run .                         # from _examples/site: http://127.0.0.1:7001
//	go run . --port 8080             # or PORT=8080
//	go run . routes                  # the route table
//	go test ./...                    # the contract, over HTTP and in Chromium
//
// The templates, the stylesheet and the message files are embedded in the
// binary (assets.go), so it serves the same pages from any working
// directory, and a deployment is one file.
package main

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app"
	"github.com/egg-go/egg/_examples/site/config"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

func main() {
	egg.Run(options()...)
}

// options is the whole app: the framework, the app's name and module, its
// config and its embedded files. The tests start the very same app with
// eggtest.New.
func options() []fx.Option {
	opts := []fx.Option{modules.Default(), egg.Name("site"), app.Module}
	opts = append(opts, config.Options()...)
	return append(opts, assetOptions(assets)...)
}
