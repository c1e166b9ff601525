package meta_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/meta"
)

// Under egg: the module puts "meta" in the core middleware, and every
// response, a 404 included, says how long egg took.
func Example() {
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), meta.Module,
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/nope", nil))
	fmt.Println(app.Middleware(), w.Code, w.Header().Get("X-Readtime") != "")
	// Output: [meta] 404 true
}

// Around any handler, with the server's idle timeout for Keep-Alive.
func ExampleNew() {
	srv := &http.Server{IdleTimeout: 75 * time.Second}
	m := meta.New(meta.DefaultConfig())
	m.SetIdleTimeout(srv.IdleTimeout)
	srv.Handler = m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	}))

	w := httptest.NewRecorder()
	srv.Handler.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	fmt.Println(w.Header().Get("X-Readtime"), w.Header().Get("Keep-Alive"))
	// Output: 0 timeout=75
}
