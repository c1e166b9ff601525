package overridemethod

import (
	"bytes"
	"net/url"
)

// maxFormParams is url.ParseQuery's default limit on the number of
// parameters (GODEBUG urlmaxqueryparams); beyond it ParseQuery, and so
// bodyparser, refuses the whole form.
const maxFormParams = 10000

// formField returns the values of field in an urlencoded form, exactly as
// url.ParseQuery (which bodyparser uses) would give them, without
// building the whole map. ok is false when ParseQuery would report the
// form malformed (a bad %-escape or a ';' in any pair, too many pairs):
// bodyparser refuses such a form, so the override must not read it.
func formField(form []byte, field string) (values []string, ok bool) {
	if bytes.Count(form, []byte("&"))+1 > maxFormParams {
		return nil, false
	}
	for len(form) > 0 {
		var pair []byte
		if i := bytes.IndexByte(form, '&'); i >= 0 {
			pair, form = form[:i], form[i+1:]
		} else {
			pair, form = form, nil
		}
		if len(pair) == 0 {
			continue
		}
		if bytes.IndexByte(pair, ';') >= 0 || !validEscapes(pair) {
			return nil, false
		}
		key, value, _ := bytes.Cut(pair, []byte("="))
		if !keyIs(key, field) {
			continue
		}
		v, err := url.QueryUnescape(string(value))
		if err != nil { // validEscapes said it would not be
			return nil, false
		}
		values = append(values, v)
	}
	return values, true
}

// keyIs reports whether the raw (escaped) key decodes to field; it
// allocates only for keys that have escapes.
func keyIs(raw []byte, field string) bool {
	if bytes.IndexByte(raw, '%') < 0 && bytes.IndexByte(raw, '+') < 0 {
		return string(raw) == field
	}
	k, err := url.QueryUnescape(string(raw))
	return err == nil && k == field
}

// validEscapes reports whether every '%' in s starts a two-digit hex
// escape, the one thing url.QueryUnescape refuses.
func validEscapes(s []byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		i += 2
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
