package egg

import (
	"fmt"
	"net/http"
	"strings"
)

// The actions of a RESTful resource controller (Egg's router.resources).
// A controller implements any subset; Resources routes only those.
type (
	// IndexAction answers GET /posts (route name "posts").
	IndexAction interface{ Index(*Ctx) error }
	// NewAction answers GET /posts/new (route name "new_post").
	NewAction interface{ New(*Ctx) error }
	// ShowAction answers GET /posts/:id (route name "post").
	ShowAction interface{ Show(*Ctx) error }
	// EditAction answers GET /posts/:id/edit (route name "edit_post").
	EditAction interface{ Edit(*Ctx) error }
	// CreateAction answers POST /posts (route name "posts").
	CreateAction interface{ Create(*Ctx) error }
	// UpdateAction answers PUT and PATCH /posts/:id (route name "post").
	UpdateAction interface{ Update(*Ctx) error }
	// DestroyAction answers DELETE /posts/:id (route name "destroy_post").
	DestroyAction interface{ Destroy(*Ctx) error }
)

// Resources routes a RESTful resource with Egg's table:
//
//	GET        /posts           posts         Index
//	GET        /posts/new       new_post      New
//	GET        /posts/:id       post          Show
//	GET        /posts/:id/edit  edit_post     Edit
//	POST       /posts           posts         Create
//	PUT, PATCH /posts/:id       post          Update
//	DELETE     /posts/:id       destroy_post  Destroy
//
// name is the plural resource name ("posts"); the singular route names
// drop its plural ending. The id parameter is "id": c.Param("id"). The
// route table (App.Routes, the routes subcommand) names each action by
// the controller's type and method: "*controller.Posts.Index".
func (r *Router) Resources(name, prefix string, controller any) {
	one := singular(name)
	prefix = strings.TrimSuffix(prefix, "/")
	item := prefix + "/{id}"
	typ := fmt.Sprintf("%T", controller) // "*controller.Posts": the route table names the action by it
	add := func(methods []string, path string, h func(*Ctx) error, action, route string) {
		r.add(methods, path, HandlerFunc(h), typ+"."+action).Name(route)
	}
	get := []string{http.MethodGet, http.MethodHead}
	if c, ok := controller.(IndexAction); ok {
		add(get, prefix, c.Index, "Index", name)
	}
	if c, ok := controller.(NewAction); ok {
		add(get, prefix+"/new", c.New, "New", "new_"+one)
	}
	if c, ok := controller.(ShowAction); ok {
		add(get, item, c.Show, "Show", one)
	}
	if c, ok := controller.(EditAction); ok {
		add(get, item+"/edit", c.Edit, "Edit", "edit_"+one)
	}
	if c, ok := controller.(CreateAction); ok {
		add([]string{http.MethodPost}, prefix, c.Create, "Create", name)
	}
	if c, ok := controller.(UpdateAction); ok {
		add([]string{http.MethodPut, http.MethodPatch}, item, c.Update, "Update", one)
	}
	if c, ok := controller.(DestroyAction); ok {
		add([]string{http.MethodDelete}, item, c.Destroy, "Destroy", "destroy_"+one)
	}
}

// singular turns a plural resource name into its singular (posts → post,
// categories → category, boxes → box); other words are kept.
func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies") && len(s) > 3:
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "ses"), strings.HasSuffix(s, "xes"), strings.HasSuffix(s, "ches"), strings.HasSuffix(s, "shes"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "ss"):
		return s
	case strings.HasSuffix(s, "s") && len(s) > 1:
		return s[:len(s)-1]
	}
	return s
}
