package middleware_test

import (
	"errors"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/middleware"
	"github.com/egg-go/egg/eggtest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// The middleware alone, switched on for every path, over two test routes.
func TestAPIMeta(t *testing.T) {
	app := eggtest.New(t, middleware.Module,
		egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"apiMeta"} }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/ok", func(c *egg.Ctx) error { return c.Text(200, "ok") })
			r.Get("/fail", func(c *egg.Ctx) error { return errors.New("db down") })
		}),
	)
	app.GET("/ok").Do().Status(200).Header("X-API-Version", middleware.APIVersion).Header("Cache-Control", "no-store").
		HeaderContains("X-Response-Time", "us")
	// The error response is written after next() returned: the
	// BeforeHeaders hook still stamps it.
	app.GET("/fail").Do().Status(500).Header("X-API-Version", middleware.APIVersion).HeaderContains("X-Response-Time", "us")
	app.ExpectLog(`req.path=/ok req.ip=192.0.2.1 status=200 took=`)
	app.ExpectLog(`req.path=/fail req.ip=192.0.2.1 status=500 took=`)
}

// Registered but not listed in the config, it does not run (Egg's rule).
func TestAPIMetaIsOffUntilListed(t *testing.T) {
	app := eggtest.New(t, middleware.Module,
		egg.Routes(func(r *egg.Router) { r.Get("/ok", func(c *egg.Ctx) error { return c.Text(200, "ok") }) }))
	app.GET("/ok").Do().Status(200).NoHeader("X-API-Version")
	app.NotExpectLog("api request")
}
