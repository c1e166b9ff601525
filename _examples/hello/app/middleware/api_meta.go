// Package middleware is Egg's app/middleware: named middleware, switched
// on and ordered by the config's middleware list (see package config).
package middleware

import (
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
// response as an API response that must not be cached; on the way out,
// after the handler, it logs the request with its status and duration.
//
// Headers are set before next(): in Go, unlike Koa, the response is sent
// as the handler writes it, so headers set after next() would be too late.
func APIMeta(c *egg.Ctx, next func() error) error {
	c.SetHeader("X-API-Version", APIVersion)
	c.SetHeader("Cache-Control", "no-store")
	err := next()
	c.Logger().Info("api request", "status", c.Status(), "took", time.Since(c.StartTime()))
	return err
}
