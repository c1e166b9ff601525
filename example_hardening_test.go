package egg_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg"
)

// BeforeHeaders is where a Koa-style middleware sets headers "after
// next()": the hook runs just before the status line and headers go out.
func ExampleCtx_BeforeHeaders() {
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		egg.Module("app",
			egg.Middleware("envelope", func(c *egg.Ctx, next func() error) error {
				c.BeforeHeaders(func() { c.SetHeader("X-Status", fmt.Sprint(c.Status())) })
				return next()
			}),
			egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"envelope"} }),
			egg.Routes(func(r *egg.Router) {
				r.Post("/posts", func(c *egg.Ctx) error { return c.JSON(201, map[string]int{"id": 1}) })
			})))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := app.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer app.Stop(context.Background())

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("POST", "/posts", nil))
	res := w.Result()
	fmt.Println(res.StatusCode, res.Header.Get("X-Status"))
	// Output: 201 201
}

// Clip bounds a client-controlled string before it goes into a log line
// or an error message.
func ExampleClip() {
	path := "/files/" + strings.Repeat("a", 600)
	clipped := egg.Clip(path)
	fmt.Println(len(clipped), strings.TrimLeft(clipped, "/files/a"))
	// Output: 535 …[clipped, 607 bytes]
}
