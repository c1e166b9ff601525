package otelgorm

import "strings"

// Sanitize returns query with its literal values replaced by "?": string
// literals ('…', E'…', $$…$$), numbers, and comments are masked;
// identifiers ("…", `…`), keywords and placeholders (?, $1, :name) are
// kept. GORM's own statements carry their values as placeholders, so
// this matters for raw SQL with values written in (Raw("… WHERE email =
// 'ann@example.com'")), which would otherwise put personal data in
// traces. It masks more than needed rather than less: an unterminated
// literal masks the rest of the query.
func Sanitize(query string) string {
	var b strings.Builder
	b.Grow(len(query))
	n := len(query)
	for i := 0; i < n; {
		c := query[i]
		switch {
		case c == '\'':
			i = skipQuoted(query, i+1, '\'', true)
			b.WriteByte('?')
		case c == '"' || c == '`':
			j := skipQuoted(query, i+1, c, false)
			b.WriteString(query[i:j])
			i = j
		case c == '$' && i+1 < n && (query[i+1] == '$' || isIdentStart(query[i+1])) && dollarTag(query, i) != "":
			tag := dollarTag(query, i)
			end := strings.Index(query[i+len(tag):], tag)
			if end < 0 {
				i = n
			} else {
				i += len(tag) + end + len(tag)
			}
			b.WriteByte('?')
		case c == '$' && i+1 < n && isDigit(query[i+1]): // a PostgreSQL placeholder: $1
			j := i + 1
			for j < n && isDigit(query[j]) {
				j++
			}
			b.WriteString(query[i:j])
			i = j
		case c == '-' && i+1 < n && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				i = n
			} else {
				i += j
			}
		case c == '/' && i+1 < n && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				i = n
			} else {
				i += 2 + j + 2
			}
			b.WriteByte(' ')
		case (c == 'E' || c == 'e' || c == 'X' || c == 'x' || c == 'B' || c == 'b' || c == 'N' || c == 'n') &&
			i+1 < n && query[i+1] == '\'' && (i == 0 || !isIdent(query[i-1])):
			i = skipQuoted(query, i+2, '\'', true) // E'…', X'…', B'…', N'…'
			b.WriteByte('?')
		case isDigit(c) && (i == 0 || !isIdent(query[i-1])),
			c == '.' && i+1 < n && isDigit(query[i+1]) && (i == 0 || !isIdent(query[i-1])):
			i = skipNumber(query, i)
			b.WriteByte('?')
		case isIdent(c):
			j := i
			for j < n && isIdent(query[j]) {
				j++
			}
			b.WriteString(query[i:j])
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// skipQuoted returns the index after the quote closing the quoted text
// that starts at i; a doubled quote is part of the text, and so, when
// backslash is true, is a quote after a backslash (MySQL, E'…').
func skipQuoted(s string, i int, quote byte, backslash bool) int {
	for i < len(s) {
		switch s[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case quote:
			if i+1 < len(s) && s[i+1] == quote {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

// dollarTag returns the opening tag of a PostgreSQL dollar-quoted string
// at i ("$$" or "$tag$"), or "".
func dollarTag(s string, i int) string {
	j := i + 1
	for j < len(s) && (isIdentStart(s[j]) || j > i+1 && isDigit(s[j])) {
		j++
	}
	if j < len(s) && s[j] == '$' {
		return s[i : j+1]
	}
	return ""
}

// skipNumber returns the index after the number at i: digits, a
// fraction, an exponent, a hex literal.
func skipNumber(s string, i int) int {
	if s[i] == '0' && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') {
		i += 2
		for i < len(s) && (isDigit(s[i]) || 'a' <= s[i]|0x20 && s[i]|0x20 <= 'f') {
			i++
		}
		return i
	}
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			i = j
			for i < len(s) && isDigit(s[i]) {
				i++
			}
		}
	}
	return i
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z' || c >= 0x80 }
func isIdent(c byte) bool      { return isIdentStart(c) || isDigit(c) || c == '$' }
