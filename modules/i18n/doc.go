// Package i18n is egg's module "i18n" (Egg's egg-i18n): messages per
// locale from JSON, TOML or YAML files, the request's locale chosen from
// the query, a cookie or Accept-Language, and translation in Go code and
// templates, on nicksnyder/go-i18n (CLDR plurals, text/template messages)
// and golang.org/x/text/language (matching).
//
// # Files
//
// Message files live in config/locales under the app's base dir, or in an
// fs.FS (WithFS; an embed.FS in production). Each is named by its locale,
// optionally after a prefix: en-US.json, zh_CN.toml, active.zh-CN.yaml.
// Messages use go-i18n's shapes: "id": "text", or "id": {"one": ...,
// "other": ...} for plurals; nested objects make dotted ids ("nav.home").
//
//	{"greeting": "Hello {{.Name}}", "Hello %s": "Hello %s",
//	 "apples": {"one": "{{.Count}} apple", "other": "{{.Count}} apples"}}
//
// A file that does not parse, a file name that names no locale, or a
// message template that does not parse fails start-up with an error naming
// the file.
//
// # Locale of a request
//
// Egg's order: the query parameter "locale", then the cookie "locale", then
// the Accept-Language header (quality values honoured, matched by
// x/text's matcher: zh → zh-CN, en-GB → en-US), then the default locale
// en-US. en_US and en-US are one locale everywhere. A query or cookie value
// the app has no locale for is skipped; a malformed header means the
// default, never an error. A query choice sets the cookie for a year.
// Resolution is lazy: it happens on the request's first Locale, T,
// Plural or Gettext call and is cached for the request.
//
// # Three ways to translate
//
//	i18n.T(c, "greeting", "Name", name)  // go-i18n: {{.Name}} from key/value pairs, a map or a struct
//	i18n.Plural(c, "apples", n)          // CLDR plural form for n; {{.Count}} is n
//	i18n.Gettext(c, "Hello %s", name)    // Egg's __: fmt verbs, {0} with a slice, {name} with a map
//
// Templates get the same through FuncMap(c): __, t, plural and locale.
// Without a request, use the *Translator the module provides.
//
// # Missing messages
//
// A message the request's locale lacks is taken from the default locale;
// one no locale has shows its id. Each case is logged once per locale and
// id per process (at most 1000 lines), at warn in the local env and debug
// in others. When the default locale has no file at all, its messages are
// the ids themselves (Egg's habit of English ids) and are not reported.
package i18n
