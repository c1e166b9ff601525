// Package service is Egg's app/service: the business logic, as
// request-scoped services over singletons.
package service

import (
	"fmt"
	"net/http"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module provides the Store (one per app) and the UserService (one per
// request that uses it, Egg's ctx.service.user).
var Module = egg.Module("hello.service",
	fx.Provide(NewStore),
	egg.Scoped[*UserService](NewUserService),
)

// UserInput is what a client sends to create or update a user. The tags
// are egg-validate's rules: name is required, age is 0-150.
type UserInput struct {
	Name string `json:"name" validate:"required"`
	Age  int    `json:"age" validate:"min=0,max=150"`
}

// UserService is the users' business logic for one request: it knows the
// request (for its logger, with the request id) and the app's Store.
type UserService struct {
	store *Store
	c     *egg.Ctx
}

// NewUserService is the singleton factory egg.Scoped takes: fx gives it
// the Store once; egg calls the function it returns at most once per
// request.
func NewUserService(store *Store) func(*egg.Ctx) *UserService {
	return func(c *egg.Ctx) *UserService { return &UserService{store: store, c: c} }
}

// List returns every user.
func (s *UserService) List() []User { return s.store.List() }

// Find returns the user with the given id, or a 404 error.
func (s *UserService) Find(id int) (User, error) {
	u, ok := s.store.Get(id)
	if !ok {
		return User{}, notFound(id)
	}
	return u, nil
}

// Create adds a user.
func (s *UserService) Create(in UserInput) User {
	u := s.store.Add(in.Name, in.Age)
	s.c.Logger().Info("user created", "id", u.ID)
	return u
}

// Update replaces the name and age of the user with the given id, or
// returns a 404 error.
func (s *UserService) Update(id int, in UserInput) (User, error) {
	u := User{ID: id, Name: in.Name, Age: in.Age}
	if !s.store.Replace(u) {
		return User{}, notFound(id)
	}
	return u, nil
}

// Delete removes the user with the given id, or returns a 404 error.
func (s *UserService) Delete(id int) error {
	if !s.store.Delete(id) {
		return notFound(id)
	}
	s.c.Logger().Info("user deleted", "id", id)
	return nil
}

func notFound(id int) error {
	return egg.NewError(http.StatusNotFound, "not_found", fmt.Sprintf("user %d not found", id))
}
