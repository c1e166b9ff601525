// Package api is the egg module the host service adds: a small users API
// with its own config, boot hooks and routes, served under Prefix.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/host"
)

// Prefix is where the host mounts egg's handler. The routes are declared
// under it too, so egg sees the same path the client sent: PathFor,
// redirects, logs and middleware Match/Ignore all agree with the URL.
const Prefix = "/api"

// Config is the module's own config, read from API_* environment
// variables like any egg module's.
type Config struct {
	// MaxNameLength bounds a new user's name. Default 40.
	// Env API_MAX_NAME_LENGTH.
	MaxNameLength int `env:"MAX_NAME_LENGTH"`
}

// Validate refuses a useless limit.
func (c *Config) Validate() error {
	if c.MaxNameLength < 1 {
		return egg.InvalidConfig("MaxNameLength", "must be at least 1, e.g. API_MAX_NAME_LENGTH=40")
	}
	return nil
}

// Module is the users API. It uses the host's *host.Directory, which the
// host provides (with fx) or supplies (without).
var Module = egg.Module("api",
	egg.Config(Config{MaxNameLength: 40}),
	egg.Boot(newBoot),
	egg.Routes(routes),
)

// boot is the module's boot object: Egg's app.js didLoad / beforeClose.
type boot struct {
	log *slog.Logger
	dir *host.Directory
}

func newBoot(app *egg.App, dir *host.Directory) *boot {
	return &boot{log: app.LoggerFor("api"), dir: dir}
}

// DidLoad runs inside the host's start-up, after the host opened its
// directory.
func (b *boot) DidLoad(context.Context) error {
	users, err := b.dir.List()
	if err != nil {
		return fmt.Errorf("the host's directory must be open before egg starts: %w", err)
	}
	b.log.Info("api loaded", "users", len(users))
	return nil
}

// BeforeClose runs inside the host's shutdown, before the host closes its
// directory.
func (b *boot) BeforeClose(context.Context) error {
	b.log.Info("api closing")
	return nil
}

func routes(r *egg.Router, dir *host.Directory, cfg Config) {
	r.Group(Prefix, func(r *egg.Router) {
		r.Get("/users", func(c *egg.Ctx) error {
			users, err := dir.List()
			if err != nil {
				return err
			}
			c.Logger().Info("listing users", "count", len(users))
			return c.JSON(http.StatusOK, users)
		}).Name("users")
		r.Get("/users/:id", func(c *egg.Ctx) error {
			id, err := c.ParamInt("id")
			if err != nil {
				return err
			}
			u, ok, err := dir.Get(id)
			switch {
			case err != nil:
				return err
			case !ok:
				return egg.NewError(http.StatusNotFound, "user_not_found", "no user "+c.Param("id"))
			}
			return c.JSON(http.StatusOK, u)
		}).Name("user")
		r.Post("/users", func(c *egg.Ctx) error {
			name := c.Query("name")
			switch {
			case name == "":
				return egg.ValidationFailed(egg.FieldError{Field: "name", Code: egg.CodeMissingField, Message: "required"})
			case len(name) > cfg.MaxNameLength:
				return egg.ValidationFailed(egg.FieldError{Field: "name", Code: egg.CodeInvalid,
					Message: fmt.Sprintf("must be at most %d bytes", cfg.MaxNameLength)})
			}
			u, err := dir.Add(name)
			if errors.Is(err, host.ErrClosed) {
				return egg.NewError(http.StatusServiceUnavailable, "", "directory unavailable").Wrap(err)
			}
			if err != nil {
				return err
			}
			c.SetHeader("Location", c.Helper().PathFor("user", map[string]any{"id": u.ID}))
			return c.JSON(http.StatusCreated, u)
		})
	})
}
