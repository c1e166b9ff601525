package otel_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/egg-go/egg/contrib/otel"
)

// FuzzParseResourceAttributes checks that any OTEL_RESOURCE_ATTRIBUTES
// value either parses or is refused, never panics, and that what parses
// comes back the same once written out again.
func FuzzParseResourceAttributes(f *testing.F) {
	for _, s := range []string{"", "a=b", "service.name=shop,team=pay%2Cments", " k = v , ,x=", "=v", "k", "k=%zz", "k=%E4%B8%AD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		attrs, err := otel.ParseResourceAttributes(s)
		if err != nil {
			return
		}
		if len(attrs) > 128 {
			t.Fatalf("%d attributes accepted", len(attrs))
		}
		pairs := make([]string, len(attrs))
		for i, kv := range attrs {
			k := string(kv.Key)
			if k == "" || k != strings.TrimSpace(k) || strings.ContainsAny(k, ",=") || !utf8.ValidString(k) || !utf8.ValidString(kv.Value.AsString()) {
				t.Fatalf("bad key %q from %q", k, s)
			}
			pairs[i] = k + "=" + escape(kv.Value.AsString())
		}
		again, err := otel.ParseResourceAttributes(strings.Join(pairs, ","))
		if err != nil {
			t.Fatalf("written out again, %q does not parse: %v", strings.Join(pairs, ","), err)
		}
		if fmt.Sprint(again) != fmt.Sprint(attrs) {
			t.Fatalf("round trip changed %v to %v", attrs, again)
		}
	})
}

// escape percent-encodes every byte but letters and digits.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
