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
	if s, ok := formatPlain(text, args); ok {
		return s
	}
	return fmt.Sprintf(text, args...)
}

// formatPlain is fmt.Sprintf for the formats messages mostly use: verbs
// %s and %v of strings, %d and %v of ints, and %%, one argument per verb.
// ok is false for anything else (flags, widths, other verbs or types, too
// few or too many arguments), which fmt formats.
func formatPlain(text string, args []any) (string, bool) {
	n, k := len(text), 0
	for i := 0; i < len(text); i++ {
		if text[i] != '%' {
			continue
		}
		if i++; i == len(text) {
			return "", false
		}
		verb := text[i]
		if verb == '%' {
			continue
		}
		if k == len(args) {
			return "", false
		}
		switch a := args[k].(type) {
		case string:
			if verb != 's' && verb != 'v' {
				return "", false
			}
			n += len(a)
		case int:
			if verb != 'd' && verb != 'v' {
				return "", false
			}
			n += 20
		default:
			return "", false
		}
		k++
	}
	if k != len(args) {
		return "", false
	}
	var b strings.Builder
	b.Grow(n)
	k = 0
	for {
		i := strings.IndexByte(text, '%')
		if i < 0 {
			b.WriteString(text)
			return b.String(), true
		}
		b.WriteString(text[:i])
		verb := text[i+1]
		text = text[i+2:]
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		switch a := args[k].(type) {
		case string:
			b.WriteString(a)
		case int:
			var digits [20]byte
			b.Write(strconv.AppendInt(digits[:0], int64(a), 10))
		}
		k++
	}
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
