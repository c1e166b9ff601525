package htmlexec

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The contextual escapers html/template inserts into a page's actions
// (escape.go's funcMap in the standard library), done again here so that
// a compiled page calls them directly. Each behaves exactly as
// html/template's of the same name; escape_test.go compares every one
// against html/template on tricky and fuzzed input. The escapers for
// script, style, srcset and attribute-name contexts are not here: a page
// that needs one is not compiled and renders with html/template.

// contentType is the kind of a typed string (template.HTML, template.URL,
// ...); plain for everything else.
type contentType uint8

const (
	ctPlain contentType = iota
	ctHTML
	ctURL
	ctOther // CSS, HTMLAttr, JS, JSStr, Srcset: plain to the escapers here
)

// escaper appends s, of content type ct, escaped for its context to dst.
// ok is false when the input needs html/template's own code (HTML content
// in an attribute: its tags are stripped by html/template's parser).
type escaper func(dst []byte, s string, ct contentType) (out []byte, ok bool)

// escapers are the supported escapers by the names html/template gives
// them in an escaped tree.
var escapers = map[string]escaper{
	"_html_template_htmlescaper":    escapeHTML,
	"_html_template_attrescaper":    escapeAttr,
	"_html_template_rcdataescaper":  escapeRCDATA,
	"_html_template_nospaceescaper": escapeNospace,
	"_html_template_urlescaper":     escapeURL,
	"_html_template_urlnormalizer":  normalizeURL,
	"_html_template_urlfilter":      filterURL,
	"_html_template_commentescaper": escapeComment,
}

// failsafe is what html/template writes in place of a value that is unsafe
// where it stands.
const failsafe = "ZgotmplZ"

func escapeHTML(dst []byte, s string, ct contentType) ([]byte, bool) {
	if ct == ctHTML {
		return append(dst, s...), true
	}
	return replaceHTML(dst, s, htmlTable), true
}

func escapeAttr(dst []byte, s string, ct contentType) ([]byte, bool) {
	if ct == ctHTML {
		return dst, false
	}
	return replaceHTML(dst, s, htmlTable), true
}

func escapeRCDATA(dst []byte, s string, ct contentType) ([]byte, bool) {
	if ct == ctHTML {
		return replaceHTML(dst, s, htmlNormTable), true
	}
	return replaceHTML(dst, s, htmlTable), true
}

func escapeNospace(dst []byte, s string, ct contentType) ([]byte, bool) {
	if s == "" {
		return append(dst, failsafe...), true
	}
	if ct == ctHTML {
		return dst, false
	}
	return replaceHTML(dst, s, nospaceTable), true
}

func escapeURL(dst []byte, s string, ct contentType) ([]byte, bool) {
	return appendURL(dst, s, ct == ctURL), true
}

func normalizeURL(dst []byte, s string, _ contentType) ([]byte, bool) {
	return appendURL(dst, s, true), true
}

func filterURL(dst []byte, s string, ct contentType) ([]byte, bool) {
	if ct != ctURL && !safeURL(s) {
		return append(append(dst, '#'), failsafe...), true
	}
	return append(dst, s...), true
}

func escapeComment(dst []byte, _ string, _ contentType) ([]byte, bool) { return dst, true }

// A table says what stands for each ASCII byte in a context ("" keeps
// it), and which bytes need a look (stop): those with a replacement and,
// in a strict table, every byte of a multi-byte rune (unquoted attribute
// values cannot hold the noncharacters U+FDD0–U+FDEF and U+FFF0–U+FFFF,
// nor so an invalid UTF-8 byte, which decodes as U+FFFD).
type table struct {
	repl   [utf8.RuneSelf]string
	stop   [256]bool
	strict bool
}

func newTable(strict bool, repl map[byte]string) *table {
	t := &table{strict: strict}
	for c, r := range repl {
		t.repl[c], t.stop[c] = r, true
	}
	if strict {
		for c := utf8.RuneSelf; c < 256; c++ {
			t.stop[c] = true
		}
	}
	return t
}

var (
	htmlTable = newTable(false, map[byte]string{
		0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
	})
	// htmlNormTable leaves '&' alone, so entities in HTML content survive.
	htmlNormTable = newTable(false, map[byte]string{
		0: "\uFFFD", '"': "&#34;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
	})
	// nospaceTable is for unquoted attribute values: also white space,
	// '=' and '`', and the noncharacters.
	nospaceTable = newTable(true, map[byte]string{
		0: "&#xfffd;", '\t': "&#9;", '\n': "&#10;", '\v': "&#11;", '\f': "&#12;", '\r': "&#13;",
		' ': "&#32;", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;",
		'=': "&#61;", '>': "&gt;", '`': "&#96;",
	})
)

// replaceHTML appends s with the bytes of t replaced.
func replaceHTML(dst []byte, s string, t *table) []byte {
	i := 0
	for i < len(s) && !t.stop[s[i]] {
		i++
	}
	if i == len(s) {
		return append(dst, s...)
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if !t.stop[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(append(dst, s[start:i]...), t.repl[c]...)
			i++
			start = i
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "&#x"...)
			dst = strconv.AppendInt(dst, int64(r), 16)
			dst = append(dst, ';')
			start = i + w
		}
		i += w
	}
	return append(dst, s[start:]...)
}

// appendURL appends s percent-encoded as a URL part (encodeURIComponent's
// set, lower-case hex). Normalizing keeps the reserved characters and
// valid %XX escapes, for a whole URL.
func appendURL(dst []byte, s string, norm bool) []byte {
	const hex = "0123456789abcdef"
	keep := &urlKeep
	if norm {
		keep = &urlKeepNorm
	}
	i := 0
	for i < len(s) && keep[s[i]] {
		i++
	}
	if i == len(s) {
		return append(dst, s...)
	}
	start := 0
	for ; i < len(s); i++ {
		c := s[i]
		if keep[c] || norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, '%', hex[c>>4], hex[c&15])
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// urlKeep are the bytes a URL part keeps (RFC 3986's unreserved);
// urlKeepNorm adds the reserved ones, which a whole URL keeps.
var urlKeep, urlKeepNorm = urlSets()

func urlSets() (part, whole [256]bool) {
	for c := range 256 {
		b := byte(c)
		part[c] = 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("-._~", b) >= 0
		whole[c] = part[c] || strings.IndexByte("!#$&*+,/:;=?@[]", b) >= 0
	}
	return part, whole
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// safeURL reports whether s is relative or its scheme is http, https or
// mailto.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// Types whose values print without fmt: exactly these, not named types
// (which may have a String method).
var (
	stringType = reflect.TypeFor[string]()
	intType    = reflect.TypeFor[int]()
	int64Type  = reflect.TypeFor[int64]()
	uintType   = reflect.TypeFor[uint]()
	boolType   = reflect.TypeFor[bool]()
	htmlType   = reflect.TypeFor[template.HTML]()
	urlType    = reflect.TypeFor[template.URL]()
)

// stringify is what the first escaper of an action makes of the value
// before it: the text and its content type, as html/template's escapers
// see their one argument. An invalid value (a missing map key) is an
// untyped nil, which prints as "".
func stringify(v reflect.Value) (string, contentType) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", ctPlain
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", ctPlain
	}
	// Kind first: comparing reflect.Types costs more than comparing kinds.
	switch v.Kind() {
	case reflect.String:
		switch v.Type() {
		case stringType:
			return v.String(), ctPlain
		case htmlType:
			return v.String(), ctHTML
		case urlType:
			return v.String(), ctURL
		}
	case reflect.Int, reflect.Int64:
		if t := v.Type(); t == intType || t == int64Type {
			return strconv.FormatInt(v.Int(), 10), ctPlain
		}
	case reflect.Uint:
		if v.Type() == uintType {
			return strconv.FormatUint(v.Uint(), 10), ctPlain
		}
	case reflect.Bool:
		if v.Type() == boolType {
			return strconv.FormatBool(v.Bool()), ctPlain
		}
	}
	return stringifyAny(v.Interface())
}

// stringifyAny is stringify for any value: pointers followed to a typed
// string, else fmt.Sprint of the value followed through pointers down to
// a fmt.Stringer or an error.
func stringifyAny(a any) (string, contentType) {
	if a == nil {
		return "", ctPlain
	}
	switch s := deref(a).(type) {
	case string:
		return s, ctPlain
	case template.HTML:
		return string(s), ctHTML
	case template.URL:
		return string(s), ctURL
	case template.CSS, template.HTMLAttr, template.JS, template.JSStr, template.Srcset:
		return reflect.ValueOf(s).String(), ctOther
	}
	return fmt.Sprint(toStringerOrError(a)), ctPlain
}

// deref follows pointers while they are not nil.
func deref(a any) any {
	v := reflect.ValueOf(a)
	if v.Kind() != reflect.Pointer {
		return a
	}
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// toStringerOrError follows pointers until a value that is a fmt.Stringer
// or an error, or is not a pointer, or is nil.
func toStringerOrError(a any) any {
	v := reflect.ValueOf(a)
	for !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}
