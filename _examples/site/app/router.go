package app

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/controller"
)

// Routes is Egg's app/router.js:
//
//	GET  /          home      Home.Index       the greeting, per locale
//	GET  /login     login     Auth.New         the sign-in form
//	POST /login     login     Auth.Create      302 /me, or the form again with 401
//	POST /logout    logout    Auth.Destroy     302 /
//	GET  /register  register  Register.New     the account form
//	POST /register  register  Register.Create  302 /me, or the form again with 422 or 409
//	GET  /me        me        Me.Show          the user's page, or 302 /login
//	POST /upload    upload    Upload.Create    {"name","size"} of field "file"
//
// GET /public/* is the static module's, before routing.
func Routes(r *egg.Router, home *controller.Home, auth *controller.Auth, register *controller.Register, me *controller.Me, upload *controller.Upload) {
	r.Get("/", home.Index).Name("home")
	r.Get("/login", auth.New).Name("login")
	r.Post("/login", auth.Create)
	r.Post("/logout", auth.Destroy).Name("logout")
	r.Get("/register", register.New).Name("register")
	r.Post("/register", register.Create)
	r.Get("/me", me.Show).Name("me")
	r.Post("/upload", upload.Create).Name("upload")
}
