package i18n

import (
	"fmt"
	"strconv"
	"strings"
)

// format is Egg's gettext formatting (koa-locales): no args → text as it
// is; one map → {name} placeholders; one slice → {0}, {1}, ...;
// otherwise fmt.Sprintf verbs. A placeholder without a value stays as
// written.
func format(text string, args []any) string {
	switch len(args) {
	case 0:
		return text
	case 1:
		switch v := args[0].(type) {
		case map[string]any:
			return replace(text, func(k string) (any, bool) { x, ok := v[k]; return x, ok })
		case map[string]string:
			return replace(text, func(k string) (any, bool) { x, ok := v[k]; return x, ok })
		case []any:
			return replace(text, func(k string) (any, bool) { return index(v, k) })
		case []string:
			return replace(text, func(k string) (any, bool) { return index(v, k) })
		}
	}
	return fmt.Sprintf(text, args...)
}

// index looks up a {0}-style key in a slice.
func index[T any](s []T, k string) (any, bool) {
	i, err := strconv.Atoi(k)
	if err != nil || i < 0 || i >= len(s) {
		return nil, false
	}
	return s[i], true
}

// replace fills every {key} of text, key being letters, digits and _, from
// value; others are copied as they are.
func replace(text string, value func(string) (any, bool)) string {
	if strings.IndexByte(text, '{') < 0 {
		return text
	}
	var b strings.Builder
	rest := text
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := open + 1
		for end < len(rest) && isWordByte(rest[end]) {
			end++
		}
		if end == open+1 || end == len(rest) || rest[end] != '}' {
			b.WriteString(rest[:open+1])
			rest = rest[open+1:]
			continue
		}
		v, ok := value(rest[open+1 : end])
		if !ok {
			b.WriteString(rest[:end+1])
			rest = rest[end+1:]
			continue
		}
		b.WriteString(rest[:open])
		fmt.Fprint(&b, v)
		rest = rest[end+1:]
	}
	b.WriteString(rest)
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
