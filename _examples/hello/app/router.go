package app

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/controller"
	"github.com/egg-go/egg/_examples/hello/config"
)

// Routes is Egg's app/router.js: it receives the router and the
// controllers it routes to, like any fx invoke function.
//
//	GET    /                home
//	GET    /api/users       users         Users.Index
//	POST   /api/users       users         Users.Create
//	GET    /api/users/:id   user          Users.Show
//	PUT    /api/users/:id   user          Users.Update (PATCH too)
//	DELETE /api/users/:id   destroy_user  Users.Destroy
//	GET    /api/quote       quote         Quotes.Random (an outbound call)
func Routes(r *egg.Router, users *controller.Users, quotes *controller.Quotes, cfg config.Config) {
	r.Get("/", home(cfg)).Name("home")
	r.Resources("users", "/api/users", users)
	r.Get("/api/quote", quotes.Random).Name("quote")
}

// home greets and links to the users API through its route name, so the
// link follows the route wherever it moves.
func home(cfg config.Config) egg.HandlerFunc {
	return func(c *egg.Ctx) error {
		return c.JSON(http.StatusOK, map[string]string{
			"message": cfg.Greeting,
			"users":   c.Helper().URLFor("users", nil),
		})
	}
}
