package jsonp

import (
	"net/url"
	"strings"
)

// ValidCallback reports whether name can be used as a JSONP callback: 1 to
// limit characters, each a letter, digit, '_', '.', '[' or ']' (Egg's
// rule), so it names a function and can carry no script.
func ValidCallback(name string, limit int) bool {
	if name == "" || len(name) > limit {
		return false
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '[' || b == ']') {
			return false
		}
	}
	return true
}

// Prefix and Suffix frame a JSON body as Egg's JSONP answer:
//
//	/**/ typeof cb === 'function' && cb({"id":1});
//
// The leading comment defeats content sniffing of the response as Flash
// (CVE-2014-4671); the typeof check keeps a page without the callback
// free of errors. name must satisfy ValidCallback.
func Prefix(name string) string {
	return "/**/ typeof " + name + " === 'function' && " + name + "("
}

// Suffix closes what Prefix opened.
const Suffix = ");"

// queryValue returns the first non-empty value of key in a raw query
// string, decoded; it does not allocate unless the value is escaped.
func queryValue(raw, key string) string {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(pair, "=")
		if k != key || v == "" {
			continue
		}
		if strings.ContainsAny(v, "%+") {
			d, err := url.QueryUnescape(v)
			if err != nil {
				return v // left escaped: fails ValidCallback
			}
			v = d
		}
		if v != "" {
			return v
		}
	}
	return ""
}
