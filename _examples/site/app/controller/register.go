package controller

import (
	"errors"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/service"
	"github.com/egg-go/egg/modules/i18n"
	"github.com/egg-go/egg/modules/view"
)

// registerPage is the data of app/view/register.html.
type registerPage struct {
	Username string // the name sent, shown again after a refusal
	Error    string // the message id of the refusal, "" for none
}

// Register creates accounts.
type Register struct {
	accounts *service.Accounts
}

// NewRegister returns the controller of /register.
func NewRegister(accounts *service.Accounts) *Register { return &Register{accounts: accounts} }

// New answers GET /register with the form.
func (r *Register) New(c *egg.Ctx) error {
	return view.Render(c, "register", registerPage{})
}

// refusals are Register's errors a user can fix: the status and the
// message of each.
var refusals = []struct {
	err     error
	status  int
	message string
}{
	{service.ErrInvalidUsername, http.StatusUnprocessableEntity, "register.invalidUsername"},
	{service.ErrInvalidPassword, http.StatusUnprocessableEntity, "register.invalidPassword"},
	{service.ErrUsernameTaken, http.StatusConflict, "register.taken"},
}

// Create answers POST /register: it creates the account and signs it in
// (302 /me), or shows the form again with the reason: 422 for a username
// or password that breaks the rules, 409 for a name already taken.
func (r *Register) Create(c *egg.Ctx) error {
	var in Credentials
	if err := c.Bind(&in); err != nil {
		return err
	}
	err := r.accounts.Register(c, in.Username, in.Password)
	for _, ref := range refusals {
		if errors.Is(err, ref.err) {
			c.Logger().Info("registration refused", "user", in.Username, "reason", ref.message)
			return view.RenderStatus(c, ref.status, "register", registerPage{Username: in.Username, Error: ref.message})
		}
	}
	if err != nil {
		return err // the database failed: 500, and the error in the log
	}
	c.Logger().Info("account created", "user", in.Username)
	return signIn(c, in.Username, i18n.T(c, "flash.registered", "Name", in.Username))
}
