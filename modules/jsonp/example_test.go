package jsonp_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/jsonp"
	"github.com/egg-go/egg/modules/security"
)

func Example() {
	dir, _ := os.MkdirTemp("", "jsonp-example")
	defer os.RemoveAll(dir)
	app, err := egg.New(egg.Env("unittest"), egg.BaseDir(dir), egg.LogOutput(io.Discard), security.Module, jsonp.Module,
		egg.Module("api", egg.Routes(func(r *egg.Router, j *jsonp.JSONP) {
			r.With(j.Middleware()).Get("/api/users", func(c *egg.Ctx) error {
				return c.JSON(200, []map[string]any{{"id": 1, "name": "ann"}})
			})
		})))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	for _, target := range []string{"/api/users", "/api/users?callback=show", "/api/users?callback=alert(1)"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		fmt.Println(w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	// Output:
	// 200 application/json; charset=utf-8 [{"id":1,"name":"ann"}]
	// 200 application/javascript; charset=utf-8 /**/ typeof show === 'function' && show([{"id":1,"name":"ann"}]);
	// 400 text/plain; charset=utf-8 the JSONP callback name must be 1-50 characters of letters, digits, _ . [ ]
}
