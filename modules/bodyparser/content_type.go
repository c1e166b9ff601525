package bodyparser

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// contentType is what Bind reads from a Content-Type header: the media
// type and the charset parameter. It is a value, so no parse of one
// request's header can leave anything behind for another's.
type contentType struct {
	media      string // lower-case "type/subtype", as mime.ParseMediaType returns it
	charset    string // the charset parameter as sent ("UTF-8"); see hasCharset
	hasCharset bool
}

// parseContentType parses a Content-Type header with the result and
// errors of mime.ParseMediaType, including its mime.ErrInvalidMediaParameter
// with the media type set. The values clients send for JSON and form
// bodies ("application/json", "application/json; charset=UTF-8") take a
// fast path that builds no parameter map; everything else goes to
// mime.ParseMediaType.
func parseContentType(ct string) (contentType, error) {
	if c, ok := fastContentType(ct); ok {
		return c, nil
	}
	media, params, err := mime.ParseMediaType(ct)
	c := contentType{media: media}
	c.charset, c.hasCharset = params["charset"] // nil params (an error) read as absent
	return c, err
}

// fastContentType parses ct when it is plain enough to be sure of
// mime.ParseMediaType's answer: ASCII, "type/subtype" tokens, and at most
// the charset parameter with a token value (repeated only with the same
// value), around optional white space and trailing semicolons. It
// reports false for anything else (other parameters, quoted values,
// RFC 2231 names, errors), which then takes mime.ParseMediaType's path.
func fastContentType(ct string) (contentType, bool) {
	// The values clients send most, compared whole.
	switch ct {
	case "application/json", "application/x-www-form-urlencoded":
		return contentType{media: ct}, true
	case "application/json; charset=utf-8", "application/json; charset=UTF-8",
		"application/json;charset=utf-8", "application/json;charset=UTF-8":
		return contentType{media: "application/json", charset: ct[len(ct)-len("utf-8"):], hasCharset: true}, true
	}
	var c contentType
	head, params, _ := strings.Cut(ct, ";")
	head = trimSpace(head)
	ok, upper := scanMedia(head)
	if !ok {
		return c, false
	}
	c.media = head
	if upper {
		c.media = lowerMedia(head)
	}
	// params follows the first ';'. Each round reads "name=value" and
	// then either the end or the next ';'.
	for {
		params = trimLeftSpace(params)
		if params == "" {
			return c, true // nothing or a trailing ';'
		}
		name, rest := consumeToken(params)
		if !strings.EqualFold(name, "charset") {
			return c, false
		}
		rest = trimLeftSpace(rest)
		if rest == "" || rest[0] != '=' {
			return c, false
		}
		value, rest := consumeToken(trimLeftSpace(rest[1:]))
		if value == "" {
			return c, false // empty, quoted or not a token
		}
		if c.hasCharset && c.charset != value {
			return c, false // mime: duplicate parameter name
		}
		c.charset, c.hasCharset = value, true
		rest = trimLeftSpace(rest)
		if rest == "" {
			return c, true
		}
		if rest[0] != ';' {
			return c, false
		}
		params = rest[1:]
	}
}

// scanMedia reports whether s is "type/subtype", two tokens, and whether
// it has upper-case letters.
func scanMedia(s string) (ok, upper bool) {
	slash := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '/' && slash < 0:
			slash = i
		case !isTokenChar(c):
			return false, false
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	return slash > 0 && slash < len(s)-1, upper
}

// lowerMedia lower-cases head (ASCII tokens), without allocating for the
// types Bind reads.
func lowerMedia(head string) string {
	for _, known := range [...]string{"application/json", "application/x-www-form-urlencoded"} {
		if strings.EqualFold(head, known) {
			return known
		}
	}
	return strings.ToLower(head)
}

// isSpace is unicode.IsSpace for ASCII: what mime.ParseMediaType trims.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func trimLeftSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	return s
}

func trimSpace(s string) string {
	s = trimLeftSpace(s)
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// isTokenChar reports an RFC 2045 token byte: printable ASCII but for
// space and the tspecials ()<>@,;:\"/[]?= (mime's definition).
func isTokenChar(c byte) bool {
	if c <= ' ' || c >= 0x7f {
		return false
	}
	switch c {
	case '(', ')', '<', '>', '@', ',', ';', ':', '\\', '"', '/', '[', ']', '?', '=':
		return false
	}
	return true
}

// consumeToken splits s after its leading token bytes.
func consumeToken(s string) (token, rest string) {
	i := 0
	for i < len(s) && isTokenChar(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// isJSONType reports application/json and any */*+json type.
func isJSONType(mt string) bool {
	if mt == "application/json" {
		return true
	}
	_, sub, ok := strings.Cut(mt, "/")
	return ok && strings.HasSuffix(sub, "+json")
}

// checkCharset accepts UTF-8 (and its subset US-ASCII) or no charset.
func checkCharset(c contentType) error {
	if !c.hasCharset {
		return nil
	}
	switch strings.ToLower(c.charset) {
	case "utf-8", "utf8", "us-ascii":
		return nil
	}
	return newError(http.StatusUnsupportedMediaType, CodeUnsupportedType,
		fmt.Sprintf("unsupported charset %q; send UTF-8", truncate(c.charset, 50)), nil)
}

// headerValue is h.Get(key) for a key already in canonical form
// ("Content-Type"): the same map lookup without canonicalizing the key
// on every request.
func headerValue(h http.Header, key string) string {
	if vs := h[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// contentEncoding returns the request's Content-Encoding unless it is
// absent or identity. It reads the header map by its canonical key, as
// Header.Values would after canonicalizing it, and joins only when the
// header was sent more than once.
func contentEncoding(r *http.Request) string {
	vs := r.Header["Content-Encoding"]
	if len(vs) == 0 {
		return ""
	}
	enc := vs[0]
	if len(vs) > 1 {
		enc = strings.Join(vs, ",")
	}
	enc = strings.TrimSpace(enc)
	if enc == "" || strings.EqualFold(enc, "identity") {
		return ""
	}
	return enc
}
