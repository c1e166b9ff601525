package controller

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/view"
)

// Home renders the front page.
type Home struct{}

// NewHome returns the home controller.
func NewHome() *Home { return &Home{} }

// Index answers GET / with app/view/home.html: the greeting in the
// request's locale ("Hello", "你好").
func (h *Home) Index(c *egg.Ctx) error {
	return view.Render(c, "home", nil)
}
