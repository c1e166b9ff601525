package i18n

import (
	"context"

	"github.com/egg-go/egg"
)

// Template function names that FuncMap gives.
const (
	FuncGettext = "__"     // Egg's __: {{__ "Hello %s" .Name}}
	FuncT       = "t"      // T: {{t "greeting" "Name" .Name}}
	FuncPlural  = "plural" // Plural: {{plural "apples" .N}}
	FuncLocale  = "locale" // Locale: <html lang="{{locale}}">
)

// FuncMap returns template functions bound to the request, for
// html/template and text/template (Funcs accepts the map as it is):
//
//	__      Gettext(c, text, args...)   Egg's __
//	t       T(c, id, args...)
//	plural  Plural(c, id, count, args...)
//	locale  Locale(c)
//
// Building the map resolves nothing; the locale is resolved when a
// function first runs. FuncMap(nil) has the same names and signatures
// with functions that show the id (formatted by Gettext's rules): parse
// templates with it, then bind each request with Funcs(FuncMap(c)) on a
// clone.
func FuncMap(c *egg.Ctx) map[string]any {
	get := func() *locale { return nil }
	if hasModule(c) {
		get = func() *locale { return egg.Use[*locale](c) }
	}
	return map[string]any{
		FuncGettext: func(text string, args ...any) string { return get().gettextOrFormat(c, text, args) },
		FuncT:       func(id string, args ...any) string { return get().tOrID(c, id, args) },
		FuncPlural:  func(id string, count any, args ...any) string { return get().pluralOrID(c, id, count, args) },
		FuncLocale:  func() string { return nameOf(get()) },
	}
}

// FuncMap returns FuncMap's functions bound to locale instead of a
// request, for templates rendered outside one (emails, exports).
func (tr *Translator) FuncMap(locale string) map[string]any {
	l := tr.pick(locale)
	return map[string]any{
		FuncGettext: func(text string, args ...any) string { return l.gettext(context.Background(), text, args) },
		FuncT:       func(id string, args ...any) string { return l.t(context.Background(), id, args) },
		FuncPlural:  func(id string, count any, args ...any) string { return l.plural(context.Background(), id, count, args) },
		FuncLocale:  func() string { return l.name },
	}
}
