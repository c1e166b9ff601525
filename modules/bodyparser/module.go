package bodyparser

import (
	"errors"
	"net/http"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module is module "bodyparser" (Egg's bodyParser and egg-validate): it
// provides the egg.Binder behind Ctx.Bind — JSON, urlencoded forms or the
// query string decoded by `json` tag names and validated with
// go-playground/validator tags; 400, 413, 415 and 422 (egg-validate's
// shape) for client mistakes. Config: Config (limits 1 MiB each), env
// prefix BODYPARSER_.
var Module = egg.Module("bodyparser",
	egg.Config(DefaultConfig()),
	fx.Provide(NewEggBinder),
)

// NewEggBinder returns a Binder for cfg as the app's egg.Binder, turning
// bodyparser's errors into *egg.Error values that onerror renders.
func NewEggBinder(cfg Config) egg.Binder { return eggBinder{New(cfg)} }

type eggBinder struct{ b *Binder }

func (b eggBinder) Bind(c *egg.Ctx, v any) error {
	err := b.b.bind(c.Request(), v, c.Param)
	if err == nil {
		return nil
	}
	return AsEggError(err)
}

// AsEggError converts an error from Binder into an *egg.Error with the same
// status, code, message and field errors; any other error is a 500.
func AsEggError(err error) error {
	var be *Error
	if !errors.As(err, &be) {
		return &egg.Error{Status: http.StatusInternalServerError, Code: "bind_failed", Message: err.Error(), Err: err}
	}
	e := &egg.Error{Status: be.Status, Code: be.Code, Message: be.Message, Err: be.Err}
	for _, f := range be.Fields {
		e.Errors = append(e.Errors, egg.FieldError{Message: f.Message, Field: f.Field, Code: f.Code})
	}
	return e
}
