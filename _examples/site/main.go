// Command site is egg's server-rendered example: pages from templates in
// two languages, a sign-in with a session, a file upload and a scheduled
// heartbeat, in Egg's conventional layout. Accounts live in a database
// (contrib/gorm: a SQLite file by default, PostgreSQL or MySQL by
// DATABASE_URL); with REDIS_URL, sessions and the heartbeat's lock live in
// Redis, so several instances serve as one site.
//
//	go run ./_examples/site          # from the repository root, or
//	go run .                         # from _examples/site: http://127.0.0.1:7001
//	go run . --port 8080             # or PORT=8080
//	go run . routes                  # the route table
//	DATABASE_URL=postgres://... go run .  # accounts in PostgreSQL (default: SQLite run/site.db)
//	go test ./...                    # the contract, over HTTP and in Chromium
//
// The templates, the stylesheet and the message files are embedded in the
// binary (assets.go), so it serves the same pages from any working
// directory, and a deployment is one file.
package main

import (
	"os"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app"
	"github.com/egg-go/egg/_examples/site/app/shared"
	"github.com/egg-go/egg/_examples/site/config"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

func main() {
	egg.Run(options()...)
}

// options is the whole app: the framework, the database, the app's name
// and module, its config and its embedded files. The tests start the very
// same app with eggtest.New.
func options() []fx.Option {
	opts := []fx.Option{modules.Default()}
	opts = append(opts, config.Database(os.Getenv("DATABASE_URL"))...) // accounts: gorm.Module and its datasource
	opts = append(opts, egg.Name("site"), app.Module)
	opts = append(opts, config.Options()...)
	opts = append(opts, shared.Options(os.Getenv("REDIS_URL"))...) // sessions, locks and a counter in Redis
	return append(opts, assetOptions(assets)...)
}
