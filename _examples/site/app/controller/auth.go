package controller

import (
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/service"
	"github.com/egg-go/egg/modules/i18n"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/view"
)

// userKey is the session key that holds the signed-in user's name.
const userKey = "user"

// CurrentUser returns the name of the signed-in user, or "" when the
// request's session has none. Templates call it as {{ currentUser }}.
func CurrentUser(c *egg.Ctx) string {
	name, _ := session.Value[string](session.Get(c), userKey)
	return name
}

// Credentials is the sign-in form.
type Credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// loginPage is the data of app/view/login.html.
type loginPage struct {
	Username string // the name sent, shown again after a failure
	Failed   bool
}

// DemoUser is the demo account's name, shown under the form.
func (loginPage) DemoUser() string { return service.DemoUser }

// DemoPassword is the demo account's password, shown under the form.
func (loginPage) DemoPassword() string { return service.DemoPassword }

// Auth signs users in and out.
type Auth struct {
	accounts *service.Accounts
}

// NewAuth returns the sign-in controller.
func NewAuth(accounts *service.Accounts) *Auth { return &Auth{accounts: accounts} }

// New answers GET /login with the sign-in form.
func (a *Auth) New(c *egg.Ctx) error {
	return view.Render(c, "login", loginPage{})
}

// Create answers POST /login. With the right password it gives the
// session a new id (against session fixation), stores the user's name and
// redirects to /me; otherwise it shows the form again with 401.
func (a *Auth) Create(c *egg.Ctx) error {
	var in Credentials
	if err := c.Bind(&in); err != nil {
		return err
	}
	ok, err := a.accounts.Authenticate(c, in.Username, in.Password)
	if err != nil {
		return err // the database failed: 500, and the error in the log
	}
	if !ok {
		c.Logger().Info("sign-in refused", "user", in.Username)
		return view.RenderStatus(c, http.StatusUnauthorized, "login", loginPage{Username: in.Username, Failed: true})
	}
	return signIn(c, in.Username, i18n.T(c, "flash.welcome", "Name", in.Username))
}

// signIn gives the session a new id (against session fixation), stores
// the user's name and a flash for /me, and redirects there.
func signIn(c *egg.Ctx, username, flash string) error {
	s := session.Get(c)
	s.Regenerate()
	if err := s.Set(userKey, username); err != nil {
		return err
	}
	if err := s.AddFlash("info", flash); err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, "/me")
}

// Destroy answers POST /logout: the session is emptied and its cookie
// deleted, then the browser goes home.
func (a *Auth) Destroy(c *egg.Ctx) error {
	session.Get(c).Destroy()
	return c.Redirect(http.StatusFound, "/")
}
