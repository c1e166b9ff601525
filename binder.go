package egg

import "net/http"

// Binder decodes a request into a struct and validates it. The bodyparser
// module provides one (JSON, forms and query, path parameters by tag,
// validated with go-playground/validator); an app may provide its own as
// egg.Binder. It gets the Ctx, so route parameters come from c.Param.
type Binder interface {
	Bind(c *Ctx, v any) error
}

// Bind decodes the request into v (a pointer to a struct) and validates
// it. With the bodyparser module: the JSON or form body by Content-Type,
// else the query string; then fields tagged `query:"page"` from the query
// string and fields tagged `param:"post_id"` from the route's parameters,
// each source overwriting the one before (a path parameter names the
// resource, so it wins). The errors are ready to return: 400 for a
// malformed body or a parameter that does not convert, 413 for too large,
// 415 for an unsupported type, 422 in egg-validate's shape for invalid
// fields.
func (c *Ctx) Bind(v any) error {
	if c.app.binder == nil {
		return NewError(http.StatusInternalServerError, "no_binder",
			"egg: Ctx.Bind needs a binder: add bodyparser.Module (part of modules.Default()) or provide an egg.Binder")
	}
	return c.app.binder.Bind(c, v)
}
