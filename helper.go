package egg

import (
	"html"
	"html/template"
)

// Helper is the request's helper (Egg's ctx.helper): URL building and
// escaping, usable from handlers and templates.
//
// To add helpers of your own (Egg's app/extend/helper.js), define a type
// that embeds *egg.Helper and register it as a scoped service:
//
//	type Helper struct{ *egg.Helper }
//	func (h Helper) Money(cents int) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }
//	egg.Scoped[Helper](func(c *egg.Ctx) Helper { return Helper{c.Helper()} })
//
// then egg.Use[Helper](c).Money(1999) in a handler.
type Helper struct{ c *Ctx }

// Ctx returns the helper's request.
func (h *Helper) Ctx() *Ctx { return h.c }

// PathFor returns the path of a named route (see Router.PathFor).
func (h *Helper) PathFor(name string, params map[string]any) string {
	return h.c.app.router.PathFor(name, params)
}

// URLFor returns the absolute URL of a named route: HostConfig.PublicURL
// when set, else the protocol and host of the current request (honouring
// proxy mode), plus PathFor. A request without a host (HTTP/1.0) gets the
// address it reached the server on. An unknown route gives "".
func (h *Helper) URLFor(name string, params map[string]any) string {
	p := h.PathFor(name, params)
	if p == "" {
		return ""
	}
	return h.c.origin() + p
}

// Escape escapes s for HTML text and attribute values.
func (h *Helper) Escape(s string) string { return html.EscapeString(s) }

// Funcs returns the helper's functions for html/template: pathFor, urlFor
// (name then key/value pairs) and escape.
func (h *Helper) Funcs() template.FuncMap {
	pairs := func(kv []any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	}
	return template.FuncMap{
		"pathFor": func(name string, kv ...any) string { return h.PathFor(name, pairs(kv)) },
		"urlFor":  func(name string, kv ...any) string { return h.URLFor(name, pairs(kv)) },
		"escape":  h.Escape,
	}
}
