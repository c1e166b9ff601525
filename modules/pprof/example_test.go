package pprof_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/pprof"
	"go.uber.org/fx"
)

// The module serves Go's profiles on its own loopback listener once
// enabled (PPROF_ENABLED=true in deployment).
func Example() {
	var s *pprof.Server
	app, err := egg.New(egg.LogOutput(io.Discard), pprof.Module,
		egg.Configure(func(c *pprof.Config) { c.Enabled, c.Addr = true, "127.0.0.1:0" }),
		fx.Populate(&s))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	res, err := http.Get("http://" + s.Addr() + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	fmt.Println(res.StatusCode, strings.HasPrefix(string(b), "goroutine profile:"))
	// Output: 200 true
}
