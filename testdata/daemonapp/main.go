// Command daemonapp is the app the start/stop tests run as real
// processes: GET /ping answers "pong <pid>". DAEMONAPP_CLOSE_DELAY makes
// its BeforeClose hook take that long (a stop that needs SIGKILL);
// DAEMONAPP_CRASH makes it exit while it is built, before it is ready
// and without telling egg (a start that fails without a word);
// DAEMONAPP_READY_DELAY makes its WillReady hook take that long.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

type slowHooks struct{ ready, close time.Duration }

func (s slowHooks) WillReady(context.Context) error {
	time.Sleep(s.ready)
	return nil
}

func (s slowHooks) BeforeClose(context.Context) error {
	time.Sleep(s.close)
	return nil
}

func main() {
	closeDelay, _ := time.ParseDuration(os.Getenv("DAEMONAPP_CLOSE_DELAY"))
	readyDelay, _ := time.ParseDuration(os.Getenv("DAEMONAPP_READY_DELAY"))
	egg.Run(egg.Name("daemonapp"),
		egg.Module("daemonapp",
			fx.Invoke(func() {
				if os.Getenv("DAEMONAPP_CRASH") != "" {
					fmt.Fprintln(os.Stderr, "daemonapp: crashing as DAEMONAPP_CRASH asks")
					os.Exit(3)
				}
			}),
			egg.Routes(func(r *egg.Router) {
				r.Get("/ping", func(c *egg.Ctx) error { return c.Text(200, "pong "+strconv.Itoa(os.Getpid())) })
			}),
			egg.Boot(slowHooks{ready: readyDelay, close: closeDelay}),
		))
}
