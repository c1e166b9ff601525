// Package route holds the parts of egg's router that do not need the rest
// of egg: pattern conversion, building paths from patterns (PathFor),
// decoding matched parameters and assembling the chi mux. It is its own
// package so that its fuzz targets run in a small test binary, at a useful
// rate, against the very code egg serves with.
package route

import (
	"net/url"
	"regexp"
	"strings"
)

// egg's ":name" segments become chi's "{name}".
var colonParam = regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)

// Convert turns Egg's ":id" segments into chi's "{id}"; chi patterns pass
// through unchanged.
func Convert(p string) string {
	if !strings.Contains(p, ":") {
		return p
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = colonParam.ReplaceAllString(s, "{$1}")
		}
	}
	return strings.Join(segs, "/")
}

// Expand fills the parameters of a chi pattern: each "{name}" (or
// "{name:regexp}") with the path-escaped value, so that a "/" inside a
// value stays inside its segment, and a trailing "*" with the value of
// "*", escaped segment by segment. value looks a parameter up; used gets
// the name of every parameter Expand consumed. Expand fails (ok false)
// when a parameter has no value or an empty one: such a path would not
// lead back to the route.
func Expand(pattern string, value func(name string) (string, bool), used func(name string)) (path string, ok bool) {
	var b strings.Builder
	p := pattern
	for {
		i := strings.IndexAny(p, "{*")
		if i < 0 {
			b.WriteString(p)
			break
		}
		b.WriteString(p[:i])
		if p[i] == '*' {
			v, found := value("*")
			if !found || v == "" {
				return "", false
			}
			used("*")
			segs := strings.Split(v, "/")
			for k, s := range segs {
				if k > 0 {
					b.WriteByte('/')
				}
				b.WriteString(url.PathEscape(s))
			}
			p = p[i+1:]
			continue
		}
		j := closingBrace(p[i:])
		if j < 0 {
			b.WriteString(p[i:])
			break
		}
		key, _, _ := strings.Cut(p[i+1:i+j], ":")
		v, found := value(key)
		if !found || v == "" {
			return "", false
		}
		used(key)
		b.WriteString(url.PathEscape(v))
		p = p[i+j+1:]
	}
	return b.String(), true
}

// closingBrace finds the "}" that closes the "{" at s[0], counting the
// braces of a regexp inside ("{n:[0-9]{4}}").
func closingBrace(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// QueryEscape escapes s for a query string as Egg's pathFor does: a space
// is "%20", not "+" (url.QueryEscape writes a literal "+" as "%2B", so
// every "+" it leaves stands for a space).
func QueryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
