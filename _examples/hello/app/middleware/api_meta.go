// Package middleware is Egg's app/middleware: named middleware, switched
// on and ordered by the config's middleware list (see package config).
package middleware

import (
	"strconv"
	"time"

	"github.com/egg-go/egg"
)

// Module registers the app's middleware by name. Registering does not
// switch it on: config lists "apiMeta" in HTTPConfig.Middleware and
// restricts it to /api with Egg's match option.
var Module = egg.Module("hello.middleware",
	egg.Middleware("apiMeta", APIMeta),
)

// APIVersion is sent in the X-API-Version header of API responses.
const APIVersion = "1"

// APIMeta is a Koa-style (onion) middleware: on the way in it marks the
// response as an API response that must not be cached; on the way out it
// stamps the time the request took and logs the request with its status.
//
// In Go the response goes out as the handler writes it, so a header set
// after next() returns would be too late. c.BeforeHeaders runs a function
// just before the status line and headers are sent — the place for
// "after" headers such as X-Response-Time (Egg's classic first middleware).
func APIMeta(c *egg.Ctx, next func() error) error {
	c.SetHeader("X-API-Version", APIVersion)
	c.SetHeader("Cache-Control", "no-store")
	c.BeforeHeaders(func() {
		c.SetHeader("X-Response-Time", strconv.FormatInt(time.Since(c.StartTime()).Microseconds(), 10)+"us")
	})
	err := next()
	c.Logger().Info("api request", "status", c.Status(), "took", time.Since(c.StartTime()))
	return err
}
