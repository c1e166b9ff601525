package view

import (
	"errors"
	"net/http"

	"github.com/egg-go/egg"
)

// Render renders template name with data and sends it as the response:
// status 200, Content-Type text/html; charset=utf-8 (unless the handler
// set another). It is Egg's `await ctx.render(name, data)`:
//
//	func (h *Home) Index(c *egg.Ctx) error {
//		return view.Render(c, "home", map[string]any{"Name": "Ada"}) // app/view/home.html
//	}
//
// A name without an extension gets Config.DefaultExtension (".html"); the
// extension picks the engine. The page is rendered whole before anything
// is sent. A missing template, a template error or an error from a helper
// is returned as a 500 *egg.Error naming the template (and, when missing,
// the root), which onerror logs and shows in local only; a missing
// template's error wraps ErrNotFound, so a handler that renders a name
// chosen by the client can answer 404 instead:
//
//	if err := view.Render(c, "docs/"+page, nil); errors.Is(err, view.ErrNotFound) {
//		return egg.NewError(404, "not_found", "no such page")
//	}
func Render(c *egg.Ctx, name string, data any) error {
	return RenderStatus(c, http.StatusOK, name, data)
}

// RenderStatus is Render with another status, e.g. a login form shown
// again with 401.
func RenderStatus(c *egg.Ctx, status int, name string, data any) error {
	v, err := from(c)
	if err != nil {
		return err
	}
	return v.Render(c, status, name, data)
}

// RenderString renders template name with data and returns the text
// without sending anything (Egg's ctx.renderString): for e-mails, or a
// fragment inside a JSON answer. Errors are as Render's.
func RenderString(c *egg.Ctx, name string, data any) (string, error) {
	v, err := from(c)
	if err != nil {
		return "", err
	}
	return v.RenderString(c, name, data)
}

// errNoModule is returned when the app has no view module.
var errNoModule = errors.New("view: the app has no view module; add view.Module (it is in modules.Default())")

// from finds the app's View: a request-scoped service handle, so a lookup
// costs a few type assertions and no allocation.
func from(c *egg.Ctx) (v *View, err error) {
	defer func() {
		if recover() != nil {
			v, err = nil, renderError(errNoModule)
		}
	}()
	return egg.Use[*handle](c).v, nil
}
