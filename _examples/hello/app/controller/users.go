// Package controller is Egg's app/controller: handlers that read the
// request, call services and write the response.
package controller

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/service"
	"go.uber.org/fx"
)

// Module provides the controllers.
var Module = egg.Module("hello.controller",
	fx.Provide(NewUsers, NewQuotes),
)

// Users is the users resource (Egg's RESTful controller). Router.Resources
// finds its actions by the interfaces they satisfy: Index, Show, Create,
// Update and Destroy here; New and Edit (HTML forms) are left out.
type Users struct {
	users *egg.Service[*service.UserService]
}

// NewUsers takes the UserService handle: the controller is a singleton,
// the service is built per request by users.Get(c).
func NewUsers(users *egg.Service[*service.UserService]) *Users {
	return &Users{users: users}
}

// Index answers GET /api/users with every user.
func (u *Users) Index(c *egg.Ctx) error {
	return c.JSON(http.StatusOK, u.users.Get(c).List())
}

// Show answers GET /api/users/:id.
func (u *Users) Show(c *egg.Ctx) error {
	id, err := c.ParamInt("id")
	if err != nil {
		return err
	}
	user, err := u.users.Get(c).Find(id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, user)
}

// Create answers POST /api/users: 201 with the user, and its URL in
// Location (from the named route "user").
func (u *Users) Create(c *egg.Ctx) error {
	var in service.UserInput
	if err := c.Bind(&in); err != nil {
		return err
	}
	user := u.users.Get(c).Create(in)
	c.SetHeader("Location", c.Helper().PathFor("user", map[string]any{"id": user.ID}))
	return c.JSON(http.StatusCreated, user)
}

// Update answers PUT and PATCH /api/users/:id.
func (u *Users) Update(c *egg.Ctx) error {
	id, err := c.ParamInt("id")
	if err != nil {
		return err
	}
	var in service.UserInput
	if err := c.Bind(&in); err != nil {
		return err
	}
	user, err := u.users.Get(c).Update(id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, user)
}

// Destroy answers DELETE /api/users/:id with 204.
func (u *Users) Destroy(c *egg.Ctx) error {
	id, err := c.ParamInt("id")
	if err != nil {
		return err
	}
	if err := u.users.Get(c).Delete(id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
