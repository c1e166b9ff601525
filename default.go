package egg

import (
	"errors"
	"net/http"

	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
	"go.uber.org/fx"
)

// Default returns egg's default framework, named "egg": the built-in
// modules that are on by default, as Egg's default plugins are. Disable
// any of them by name with egg.Disable. It grows as built-in modules land:
//
//	onerror     errors rendered as JSON, HTML or text by Accept (Egg's onerror)
//	bodyparser  Ctx.Bind for JSON, forms and query, validated (bodyParser + egg-validate)
//
// The modules' code lives in modules/<name> as plain libraries that do not
// import egg; Default wires them in.
func Default() fx.Option {
	return Framework("egg", OnErrorModule(), BodyParserModule())
}

// OnErrorModule is module "onerror": it renders every error a handler or
// middleware returns, and every panic, with Egg's shapes (see
// modules/onerror), logs it once through the ctx logger (5xx at error
// level, 4xx at warn, as Egg) and hides 5xx messages outside local and unittest.
// Config: onerror.Config, env prefix ONERROR_.
func OnErrorModule() ModuleOption {
	return Module("onerror",
		Config(onerror.DefaultConfig()),
		fx.Provide(func(a *App, cfg onerror.Config) ErrorRenderer { return &errorRenderer{env: a.env, cfg: cfg} }),
	)
}

type errorRenderer struct {
	env string
	cfg onerror.Config
}

func (r *errorRenderer) RenderError(c *Ctx, err error) {
	p := onerror.Problem{Status: http.StatusInternalServerError, Err: err}
	var e *Error
	if errors.As(err, &e) {
		p.Status, p.Code, p.Message, p.Props, p.Header = e.StatusCode(), e.Code, e.Message, e.Props, e.Header
		if len(e.Errors) > 0 {
			p.Errors = e.Errors
		}
	} else {
		p.Message = err.Error()
	}
	var pe *PanicError
	if errors.As(err, &pe) {
		p.Stack = pe.Stack
	}
	status := p.StatusCode()
	if status >= 500 {
		c.Logger().Error("request failed", "status", status, "err", err)
	} else {
		c.Logger().Warn("request rejected", "status", status, "err", err)
	}
	onerror.Render(c.Response(), c.Request(), p, r.env, r.cfg)
}

// BodyParserModule is module "bodyparser": it provides the egg.Binder
// behind Ctx.Bind — JSON, urlencoded forms or the query string decoded by
// `json` tag names and validated with go-playground/validator tags; 400,
// 413, 415 and 422 (egg-validate's shape) for client mistakes.
// Config: bodyparser.Config (limits 1 MiB each), env prefix BODYPARSER_.
func BodyParserModule() ModuleOption {
	return Module("bodyparser",
		Config(bodyparser.DefaultConfig()),
		fx.Provide(func(cfg bodyparser.Config) Binder { return binder{bodyparser.New(cfg)} }),
	)
}

type binder struct{ b *bodyparser.Binder }

func (b binder) Bind(c *Ctx, v any) error {
	err := b.b.Bind(c.Request(), v)
	if err == nil {
		return nil
	}
	var be *bodyparser.Error
	if !errors.As(err, &be) {
		return &Error{Status: http.StatusInternalServerError, Code: "bind_failed", Message: err.Error(), Err: err}
	}
	e := &Error{Status: be.Status, Code: be.Code, Message: be.Message, Err: be.Err}
	for _, f := range be.Fields {
		e.Errors = append(e.Errors, FieldError{Message: f.Message, Field: f.Field, Code: f.Code})
	}
	return e
}
