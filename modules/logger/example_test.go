package logger_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
	"github.com/egg-go/egg/modules/logrotator"
)

// An app in prod with the file output: four JSON files under
// logs/{app}, the error also in common-error.log.
func Example() {
	base, _ := os.MkdirTemp("", "shop")
	defer os.RemoveAll(base)
	app, err := egg.New(egg.Name("shop"), egg.BaseDir(base), egg.Env("prod"), egg.LogOutput(io.Discard),
		logger.Module, logrotator.Module,
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/orders/:id", func(c *egg.Ctx) error {
				c.Logger().Error("payment failed", "order", c.Param("id"))
				return c.Text(http.StatusPaymentRequired, "no")
			}).Name("order")
		}))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/orders/42", nil))
	if err := app.Stop(context.Background()); err != nil {
		panic(err)
	}

	dir := filepath.Join(base, "logs", "shop")
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	fmt.Println(strings.Join(names, " "))
	for _, name := range []string{"common-error.log", "shop-access.log"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		var line map[string]any
		_ = json.Unmarshal(b, &line)
		if name == "common-error.log" {
			fmt.Println(line["msg"], line["order"])
		} else {
			fmt.Println(line["method"], line["path"], line["route"], line["name"], line["status"])
		}
	}
	// Output:
	// common-error.log egg-web.log shop-access.log shop-web.log
	// payment failed 42
	// GET /orders/42 /orders/{id} order 402
}
