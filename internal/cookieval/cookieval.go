// Package cookieval reads one cookie's value from a request's Cookie
// headers without allocating, for the built-in modules that look at one
// cookie on every request (session, i18n): net/http's Request.Cookie
// parses every cookie of the header into a new slice.
package cookieval

import (
	"net/http"
	"strings"
)

// Value returns the value of the first cookie named name in h's Cookie
// headers, "" when there is none. A quoted value loses its quotes, as
// net/http's parser does; the value is not otherwise validated.
func Value(h http.Header, name string) string {
	for _, line := range h["Cookie"] {
		for len(line) > 0 {
			var part string
			part, line, _ = strings.Cut(line, ";")
			part = strings.TrimLeft(part, " \t")
			if len(part) > len(name) && part[len(name)] == '=' && part[:len(name)] == name {
				v := strings.TrimRight(part[len(name)+1:], " \t")
				if len(v) > 1 && v[0] == '"' && v[len(v)-1] == '"' {
					v = v[1 : len(v)-1]
				}
				return v
			}
		}
	}
	return ""
}
