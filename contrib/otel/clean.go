package otel

import (
	"strings"
	"unicode/utf8"

	"github.com/egg-go/egg"
)

// clean makes a string a client controls fit for an attribute: clipped
// (egg.Clip) and valid UTF-8. OTLP carries strings as protobuf strings,
// which must be UTF-8: one request with "/%ff" in its path or a stray
// byte in its User-Agent would otherwise make the exporter fail the
// whole batch of spans it is in.
func clean(s string) string {
	s = egg.Clip(s)
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
