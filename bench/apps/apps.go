// Package apps defines the two applications the benchmarks compare, once,
// so that the in-process benchmarks (bench/bench_test.go) and the servers
// driven over the wire (bench/servers/...) run exactly the same code:
//
//	GET /hello      -> text/plain "Hello World"
//	GET /users/{id} -> JSON {"id":"<id>","name":"user <id>"}, through three
//	                   trivial middlewares that set X-Mw-1, X-Mw-2 and X-Mw-3
//	POST /users     -> 201 JSON Created, from a JSON NewUser body that is
//	                   decoded and validated (create.go)
//
// Chi is bare go-chi doing the work by hand; Egg is an egg module that
// answers the user route through a request-scoped service and binds the
// create body with Ctx.Bind. The egg app runs on one of two stacks:
// Minimal (onerror and bodyparser only) or modules.Default(). Page (page.go)
// adds the server-rendered page, for the default stack only.
package apps

import (
	"encoding/json"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/go-chi/chi/v5"
	"go.uber.org/fx"
)

// User is the JSON body of GET /users/{id}.
type User struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Users is the request-scoped service of the egg app: one per request
// that uses it.
type Users struct{ c *egg.Ctx }

// Find returns the user with the given id.
func (u *Users) Find(id string) User { return User{ID: id, Name: "user " + id} }

// SetHeader is a trivial middleware that sets the response header name to
// "1" and calls the next handler.
func SetHeader(name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set(name, "1")
			next.ServeHTTP(w, r)
		})
	}
}

var helloBody = []byte("Hello World")

// Chi returns the bare chi router.
func Chi() http.Handler {
	r := chi.NewRouter()
	r.Get("/hello", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(helloBody)
	})
	r.With(SetHeader("X-Mw-1"), SetHeader("X-Mw-2"), SetHeader("X-Mw-3")).
		Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
			id := chi.URLParam(r, "id")
			svc := &Users{} // the same work the egg side's scoped service does
			body, err := json.Marshal(svc.Find(id))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write(body)
		})
	r.Post("/users", chiCreate())
	return r
}

// Egg returns the egg module with the same routes. Use it with
// modules.Default() (every default module on) or Minimal().
func Egg() fx.Option {
	return egg.Module("bench",
		egg.Scoped[*Users](func(c *egg.Ctx) *Users { return &Users{c: c} }),
		egg.Routes(func(r *egg.Router, users *egg.Service[*Users]) {
			r.Get("/hello", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "Hello World") })
			r.With(SetHeader("X-Mw-1"), SetHeader("X-Mw-2"), SetHeader("X-Mw-3")).
				Get("/users/:id", func(c *egg.Ctx) error {
					return c.JSON(http.StatusOK, users.Get(c).Find(c.Param("id")))
				})
			r.Post("/users", eggCreate())
		}),
	)
}

// Minimal is the smallest egg stack the benchmarks run on: error pages
// (onerror) and Ctx.Bind (bodyparser), nothing else — the counterpart of
// an Egg.js app with security, session and i18n switched off.
func Minimal() egg.FrameworkOption {
	return egg.Framework("egg-minimal", onerror.Module, bodyparser.Module)
}
