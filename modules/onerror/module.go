package onerror

import (
	"errors"
	"net/http"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module is module "onerror" (Egg's onerror plugin): it renders every error
// a handler or middleware returns, and every recovered panic, with Egg's
// shapes, logs it once through the ctx logger (5xx at error level, 4xx at
// warn, as Egg) and hides 5xx messages outside local and unittest.
// Config: Config, env prefix ONERROR_. It fills the kernel's
// egg.ErrorRenderer extension point; without it egg answers in plain text.
var Module = egg.Module("onerror",
	egg.Config(DefaultConfig()),
	fx.Provide(NewRenderer),
)

// Renderer is the egg.ErrorRenderer that Module provides.
type Renderer struct {
	env string
	cfg Config
}

// NewRenderer returns the renderer for app with cfg; Module provides it as
// the app's egg.ErrorRenderer.
func NewRenderer(app *egg.App, cfg Config) egg.ErrorRenderer {
	return &Renderer{env: app.Env(), cfg: cfg}
}

// RenderError logs err through the request's logger and writes the
// response for it. A 5xx is logged at error level with the error; a 4xx
// at warn with its status and code, and for a validation failure its
// field errors ("title (missing_field): required") instead of the
// validator's raw text.
func (r *Renderer) RenderError(c *egg.Ctx, err error) {
	p := ProblemOf(err)
	status := p.StatusCode()
	if status >= 500 {
		c.Logger().Error("request failed", "status", status, "err", err)
	} else {
		c.Logger().Warn("request rejected", logAttrs(status, err)...)
	}
	Render(c.Response(), c.Request(), p, r.env, r.cfg)
}

// ProblemOf describes err as a Problem: an *egg.Error keeps its status,
// code, message, props, headers and field errors; a recovered panic keeps
// its stack; any other error is a 500 with its text as the message.
func ProblemOf(err error) Problem {
	p := Problem{Status: http.StatusInternalServerError, Err: err}
	var e *egg.Error
	if errors.As(err, &e) {
		p.Status, p.Code, p.Message, p.Props, p.Header = e.StatusCode(), e.Code, e.Message, e.Props, e.Header
		if len(e.Errors) > 0 {
			p.Errors = e.Errors
		}
	} else {
		p.Message = err.Error()
	}
	var pe *egg.PanicError
	if errors.As(err, &pe) {
		p.Stack = pe.Stack
	}
	return p
}
