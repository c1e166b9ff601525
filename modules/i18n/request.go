package i18n

import "github.com/egg-go/egg"

// localeOf returns the request's locale, resolving it on first use (Egg's
// ctx.locale, cached for the request in its scope); nil when the app does
// not have Module. The check for the module (a config lookup, some 50 ns)
// costs more than the scope slot (some 10 ns); FuncMap does it once per
// map instead of once per call.
func localeOf(c *egg.Ctx) *locale {
	if !hasModule(c) {
		return nil
	}
	return egg.Use[*locale](c)
}

// hasModule reports whether c's app has Module.
func hasModule(c *egg.Ctx) bool {
	return c != nil && egg.ConfigOf[Config](c.App().Configs()) != nil
}

// Locale returns the request's locale (Egg's ctx.locale), e.g. "zh-CN":
// from the query field, else the cookie, else Accept-Language, else the
// default; "" when the app does not have Module. The first call of any
// function of this package on a request resolves it; a request that
// translates nothing pays nothing.
func Locale(c *egg.Ctx) string {
	return nameOf(localeOf(c))
}

func nameOf(l *locale) string {
	if l != nil {
		return l.name
	}
	return ""
}

// T returns message id in the request's locale, its template ({{.Name}})
// run with args: one map or struct, or key/value pairs:
//
//	i18n.T(c, "greeting", "Name", user.Name)
//	i18n.T(c, "greeting", map[string]any{"Name": user.Name})
//
// A message the locale lacks comes from the default locale; one no locale
// has shows its id. Either is logged once (see the package doc).
func T(c *egg.Ctx, id string, args ...any) string {
	return localeOf(c).tOrID(c, id, args)
}

// Plural returns message id in the request's locale in the CLDR plural
// form for count (an integer, or a decimal in a string such as "1.5"),
// with args as T's plus Count set to count:
//
//	i18n.Plural(c, "apples", n) // {"one": "{{.Count}} apple", "other": "{{.Count}} apples"}
func Plural(c *egg.Ctx, id string, count any, args ...any) string {
	return localeOf(c).pluralOrID(c, id, count, args)
}

// Gettext is Egg's ctx.__(text, ...args) (alias ctx.gettext): the message
// whose id is text, as written, else text itself, formatted with args.
// One map fills {name} placeholders, one slice fills {0}, {1}, ...;
// otherwise args fill fmt.Sprintf verbs (%s, %d, %v):
//
//	i18n.Gettext(c, "Hello %s", name)             // zh-CN.json: {"Hello %s": "你好 %s"}
//	i18n.Gettext(c, "Hi {name}", map[string]any{"name": name})
func Gettext(c *egg.Ctx, text string, args ...any) string {
	return localeOf(c).gettextOrFormat(c, text, args)
}

// The methods below work on a nil *locale (no module): T and Plural show
// the id, Gettext formats the text.

func (l *locale) tOrID(c *egg.Ctx, id string, args []any) string {
	if l == nil {
		return id
	}
	return l.t(c, id, args)
}

func (l *locale) pluralOrID(c *egg.Ctx, id string, count any, args []any) string {
	if l == nil {
		return id
	}
	return l.plural(c, id, count, args)
}

func (l *locale) gettextOrFormat(c *egg.Ctx, text string, args []any) string {
	if l == nil {
		return format(text, args)
	}
	return l.gettext(c, text, args)
}
