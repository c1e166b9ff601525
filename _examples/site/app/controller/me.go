package controller

import (
	"net/http"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/config"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/view"
)

// mePage is the data of app/view/me.html.
type mePage struct {
	User       string
	Flashes    []string
	Accept     string // the file input's accept list: ".png,.jpg,.txt"
	Extensions string // the same for people: ".png .jpg .txt"
}

// Me is the signed-in user's page.
type Me struct{}

// NewMe returns the controller of /me.
func NewMe() *Me { return &Me{} }

// Show answers GET /me with the user's page and its upload form, or
// redirects to /login when nobody is signed in.
func (m *Me) Show(c *egg.Ctx) error {
	user := CurrentUser(c)
	if user == "" {
		return c.Redirect(http.StatusFound, "/login")
	}
	return view.Render(c, "me", mePage{
		User:       user,
		Flashes:    session.Get(c).Flashes("info"),
		Accept:     strings.Join(config.UploadExtensions, ","),
		Extensions: strings.Join(config.UploadExtensions, " "),
	})
}
