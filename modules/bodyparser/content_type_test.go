package bodyparser

import (
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// mimeContentType is what Bind read from a Content-Type before it had a
// fast path: mime.ParseMediaType's answer, of which it uses the media
// type and the charset.
func mimeContentType(ct string) (contentType, error) {
	media, params, err := mime.ParseMediaType(ct)
	cs, ok := params["charset"]
	return contentType{media: media, charset: cs, hasCharset: ok}, err
}

// sameContentType fails unless parseContentType(ct) and the fast path,
// when it takes ct, answer as mime.ParseMediaType does.
func sameContentType(t *testing.T, ct string) {
	t.Helper()
	want, wantErr := mimeContentType(ct)
	if fast, ok := fastContentType(ct); ok {
		if wantErr != nil || fast != want {
			t.Fatalf("fast path on %q = %+v; mime.ParseMediaType gives %+v, %v", ct, fast, want, wantErr)
		}
	}
	got, err := parseContentType(ct)
	if got != want || !sameError(err, wantErr) {
		t.Fatalf("parseContentType(%q) = %+v, %v; mime.ParseMediaType gives %+v, %v", ct, got, err, want, wantErr)
	}
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error() && errors.Is(a, mime.ErrInvalidMediaParameter) == errors.Is(b, mime.ErrInvalidMediaParameter)
}

// TestParseContentTypeMatchesMime runs a corpus through both parsers:
// every value answers as mime.ParseMediaType does, and the values
// clients send take the fast path (fast: true), so a fast path that
// quietly stops working fails here too.
func TestParseContentTypeMatchesMime(t *testing.T) {
	tests := []struct {
		ct   string
		fast bool
	}{
		{"application/json", true},
		{"application/x-www-form-urlencoded", true},
		{"Application/JSON", true},
		{"APPLICATION/X-WWW-FORM-URLENCODED", true},
		{"application/json; charset=utf-8", true},
		{"application/json;charset=UTF-8", true},
		{"application/json; charset=UTF-8", true},
		{"application/json;charset=utf-8", true},
		{"application/json; charset=utf-8 ", true},
		{"application/json; charset=Utf-8", true},
		{"application/x-www-form-urlencoded; charset=UTF-8", true},
		{"application/json ; charset = utf-8 ", true},
		{"application/json;\tCharset=utf-8;\t", true},
		{"  application/json  ", true},
		{"application/json;", true},
		{"application/json; ", true},
		{"application/json; charset=utf-8;", true},
		{"application/json; CHARSET=Latin1", true},
		{"application/json; charset=utf-8; charset=utf-8", true},
		{"application/vnd.api+json", true},
		{"Application/Vnd.API+JSON; Charset=UTF-8", true},
		{"text/plain", true},
		{"application/js{on", true}, // '{' is a token byte
		{"*/*", true},
		{"a/b\r\n", true},

		{"", false},
		{"json", false},
		{"/json", false},
		{"application/", false},
		{"application/json/x", false},
		{"application /json", false},
		{"application/ json", false},
		{"; charset=utf-8", false},
		{`application/json; charset="utf-8"`, false},
		{`application/json; charset=""`, false},
		{`application/json; charset="a\"b"`, false},
		{`application/json; charset="unterminated`, false},
		{"application/json; charset=utf-8; charset=latin1", false},
		{"application/json; foo=bar", false},
		{"application/json; charset=utf-8; foo=bar", false},
		{"multipart/form-data; boundary=x", false},
		{"application/json; =x", false},
		{"application/json; charset", false},
		{"application/json; charset=", false},
		{"application/json; charset = ", false},
		{"application/json; charset=utf-8 x", false},
		{"application/json; charset=latin1 x", false},
		{"application/json;;", false},
		{"application/json; ;", false},
		{"application/json; charset=utf-8;;", false},
		{"application/json; charset*=utf-8''latin1", false},
		{"application/json; charset*0=lat; charset*1=in1", false},
		{"application/json; charset=utf-8; charset*=utf-8''latin1", false},
		{"application/jsön", false},
		{"application/json\u00a0", false},              // Unicode space: mime trims it
		{"\u0085application/json", false},              // so does this one
		{"application/json; charset=utf\u00a0", false}, // but not inside a value
		{"application/json;\u00a0charset=latin1", false},
		{"application/json\xff", false},
		{"APPLICATİON/JSON", false}, // dotted capital I lowers to a non-ASCII i
		{strings.Repeat("x", 200), false},
		{"a/b; charset=utf-8 ; charset = utf-8 ;", true},
		{"a/b;charset=x;charset=y", false},
	}
	for _, tt := range tests {
		sameContentType(t, tt.ct)
		if _, ok := fastContentType(tt.ct); ok != tt.fast {
			t.Errorf("fastContentType(%q) took the fast path: %v, want %v", tt.ct, ok, tt.fast)
		}
	}
}

// The fast path answers the common values without allocating: no
// parameter map, and a constant for an upper-case known type.
func TestParseContentTypeAllocatesNothing(t *testing.T) {
	for _, ct := range []string{
		"application/json",
		"application/json; charset=utf-8",
		"Application/JSON;charset=UTF-8",
		"application/x-www-form-urlencoded",
	} {
		if n := testing.AllocsPerRun(100, func() { _, _ = parseContentType(ct) }); n != 0 {
			t.Errorf("parseContentType(%q) allocates %v times, want 0", ct, n)
		}
	}
}

// TestBindContentTypeForms sends the spellings of a Content-Type through
// Bind: the fast path's cases and the ones it leaves to mime give the
// answers Bind gave before there was a fast path.
func TestBindContentTypeForms(t *testing.T) {
	both := "application/json or application/x-www-form-urlencoded"
	malformed := func(ct, why string) string {
		return errJSON(400, "invalid_content_type", `malformed Content-Type "`+ct+`": `+why+"; send "+both)
	}
	tests := []struct {
		name, ctype, body string
		want              string
	}{
		{name: "upper case", ctype: "APPLICATION/JSON", want: "<nil>"},
		{name: "mixed case +json", ctype: "Application/Vnd.Api+Json", want: "<nil>"},
		{name: "charset UTF-8", ctype: "application/json; charset=UTF-8", want: "<nil>"},
		{name: "charset no space", ctype: "application/json;charset=utf-8", want: "<nil>"},
		{name: "charset upper-case name", ctype: "application/json; CHARSET=utf8", want: "<nil>"},
		{name: "charset us-ascii", ctype: "application/json; charset=US-ASCII", want: "<nil>"},
		{name: "spaces around params", ctype: " application/json ;  charset = utf-8 ; ", want: "<nil>"},
		{name: "quoted charset", ctype: `application/json; charset="utf-8"`, want: "<nil>"},
		{name: "form charset", ctype: "application/x-www-form-urlencoded; charset=UTF-8", body: "name=Al", want: "<nil>"},
		{name: "form upper case", ctype: "Application/X-WWW-Form-Urlencoded", body: "name=Al", want: "<nil>"},
		{name: "other parameter", ctype: "application/json; version=2", want: "<nil>"},
		{name: "RFC 2231 charset", ctype: "application/json; charset*=utf-8''utf-8", want: "<nil>"},

		{name: "latin1", ctype: "application/json; charset=latin1", want: errJSON(415, "unsupported_media_type", `unsupported charset "latin1"; send UTF-8`)},
		{name: "latin1 upper-case name", ctype: "application/json;CHARSET=Latin1", want: errJSON(415, "unsupported_media_type", `unsupported charset "Latin1"; send UTF-8`)},
		{name: "quoted latin1", ctype: `application/json; charset="latin1"`, want: errJSON(415, "unsupported_media_type", `unsupported charset "latin1"; send UTF-8`)},
		{name: "empty quoted charset", ctype: `application/json; charset=""`, want: errJSON(415, "unsupported_media_type", `unsupported charset ""; send UTF-8`)},
		{name: "RFC 2231 latin1", ctype: "application/json; charset*=utf-8''latin1", want: errJSON(415, "unsupported_media_type", `unsupported charset "latin1"; send UTF-8`)},
		{name: "form latin1", ctype: "application/x-www-form-urlencoded;charset=ISO-8859-1", body: "name=Al", want: errJSON(415, "unsupported_media_type", `unsupported charset "ISO-8859-1"; send UTF-8`)},
		{name: "text/plain with charset", ctype: "text/plain; charset=utf-8", want: errJSON(415, "unsupported_media_type", "unsupported content type text/plain; send "+both)},
		{name: "upper-case text/plain", ctype: "Text/Plain", want: errJSON(415, "unsupported_media_type", "unsupported content type text/plain; send "+both)},
		{name: "wildcard", ctype: "*/*", want: errJSON(415, "unsupported_media_type", "unsupported content type */*; send "+both)},
		{name: "multipart upper case", ctype: "Multipart/Form-Data; boundary=x", want: errJSON(415, "unsupported_media_type", "multipart/form-data bodies are not supported here; send "+both)},

		// A malformed parameter makes mime give up on the parameters, not
		// the type: the charset is then not checked (as before).
		{name: "junk after charset", ctype: "application/json; charset=latin1 x", want: "<nil>"},
		{name: "double semicolon", ctype: "application/json;;", want: "<nil>"},
		{name: "charset without value", ctype: "application/json; charset=", want: "<nil>"},

		{name: "conflicting charsets", ctype: "application/json; charset=utf-8; charset=latin1", want: malformed("application/json; charset=utf-8; charset=latin1", "mime: duplicate parameter name")},
		{name: "space before slash", ctype: "application /json", want: malformed("application /json", "mime: expected slash after first token")},
		{name: "two slashes", ctype: "application/json/x", want: malformed("application/json/x", "mime: unexpected content after media subtype")},
		{name: "no type", ctype: " ;charset=utf-8", want: malformed(" ;charset=utf-8", "mime: no media type")},
		{name: "no subtype upper case", ctype: "APPLICATION/", want: malformed("APPLICATION/", "mime: expected token after slash")},
		{name: "no slash", ctype: "JSON", want: errJSON(400, "invalid_content_type", `malformed Content-Type "JSON": want type/subtype; send `+both)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if body == "" {
				body = `{"name":"Al"}`
			}
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			r.Header.Set("Content-Type", tt.ctype)
			var u user
			if got := errBody(New(DefaultConfig()).Bind(r, &u)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if tt.want == "<nil>" && u.Name != "Al" {
				t.Errorf("bound name %q, want Al", u.Name)
			}
		})
	}
}

// TestBindContentEncoding: only an absent, empty or identity
// Content-Encoding is accepted, however often the header is sent.
func TestBindContentEncoding(t *testing.T) {
	compressed := func(enc string) string {
		return errJSON(415, "unsupported_media_type", `compressed request bodies (Content-Encoding "`+enc+`") are not supported; send the body uncompressed`)
	}
	tests := []struct {
		name string
		enc  []string // nil: no header
		want string
	}{
		{name: "absent", want: "<nil>"},
		{name: "empty", enc: []string{""}, want: "<nil>"},
		{name: "identity", enc: []string{"identity"}, want: "<nil>"},
		{name: "Identity with spaces", enc: []string{" Identity "}, want: "<nil>"},
		{name: "gzip", enc: []string{"gzip"}, want: compressed("gzip")},
		{name: "gzip with spaces", enc: []string{" gzip "}, want: compressed("gzip")},
		{name: "sent twice", enc: []string{"identity", "gzip"}, want: compressed("identity,gzip")},
		{name: "empty then gzip", enc: []string{"", "br"}, want: compressed(",br")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := jsonReq(`{"name":"Al"}`)
			for _, e := range tt.enc {
				r.Header.Add("Content-Encoding", e)
			}
			var u user
			if got := errBody(New(DefaultConfig()).Bind(r, &u)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
