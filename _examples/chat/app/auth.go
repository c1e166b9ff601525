package app

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/egg-go/egg/contrib/socketio"
)

// nameKey is where Auth keeps the user's name on the socket.
type nameKey struct{}

// errUnauthorized is the connect_error of a handshake without a name.
var errUnauthorized = errors.New("unauthorized")

// Auth is the inner connection middleware: it requires handshake auth
// {name: "..."} (1-64 characters) and refuses the connection with the
// message "unauthorized" without it. It records its steps in the stats.
func (s *Stats) Auth(c *socketio.Ctx, next func() error) error {
	name, _ := c.Auth()["name"].(string)
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 64 {
		s.step(c.ID(), "auth:refuse")
		return errUnauthorized
	}
	c.Set(nameKey{}, name)
	s.step(c.ID(), "auth:connect")
	s.add(&s.connects)
	err := next() // connected; returns when the socket disconnects
	s.step(c.ID(), "auth:disconnect")
	return err
}

// Name returns the name Auth accepted.
func Name(c *socketio.Ctx) string {
	n, _ := c.Get(nameKey{})
	s, _ := n.(string)
	return s
}
