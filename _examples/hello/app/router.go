package app

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/controller"
	"github.com/egg-go/egg/_examples/hello/config"
	"github.com/egg-go/egg/modules/jsonp"
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
//	GET    /go?to=URL       go            a 302 through the safe redirect
//
// The users resource answers JSONP too (GET /api/users?callback=fn): the
// jsonp module's route middleware wraps the handlers' JSON unchanged.
func Routes(r *egg.Router, users *controller.Users, quotes *controller.Quotes, j *jsonp.JSONP, cfg config.Config) {
	r.Get("/", home(cfg)).Name("home")
	r.With(j.Middleware()).Resources("users", "/api/users", users)
	r.Get("/api/quote", quotes.Random).Name("quote")
	r.Get("/go", goTo).Name("go")
}

// goTo redirects to the "to" query parameter with c.Redirect, which the
// security module guards: a URL on another host (//evil.com, /\evil.com,
// javascript:..., http://evil.com) becomes "/" unless the host is in
// SECURITY_DOMAIN_WHITELIST.
func goTo(c *egg.Ctx) error {
	to := c.Query("to")
	if to == "" {
		to = "/"
	}
	return c.Redirect(http.StatusFound, to)
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
