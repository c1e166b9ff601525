package cookieval

import (
	"net/http"
	"testing"
)

func TestValueAgreesWithNetHTTP(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"none", nil, ""},
		{"only", []string{"EGG_SESS=abc"}, "abc"},
		{"among others", []string{"a=1; EGG_SESS=abc; b=2"}, "abc"},
		{"longer name first", []string{"EGG_SESS2=x; EGG_SESS=abc"}, "abc"},
		{"prefix of the name", []string{"EGG_SES=x"}, ""},
		{"no equals", []string{"EGG_SESS"}, ""},
		{"spaces and tabs", []string{"a=1;\t EGG_SESS=abc  "}, "abc"},
		{"quoted", []string{`EGG_SESS="abc"`}, "abc"},
		{"second header line", []string{"a=1", "EGG_SESS=abc"}, "abc"},
		{"first wins", []string{"EGG_SESS=one; EGG_SESS=two"}, "one"},
		{"empty value", []string{"EGG_SESS=; x=1"}, ""},
		{"trailing semicolon", []string{"EGG_SESS=abc;"}, "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tc.lines {
				h.Add("Cookie", l)
			}
			if got := Value(h, "EGG_SESS"); got != tc.want {
				t.Errorf("Value(%q) = %q, want %q", tc.lines, got, tc.want)
			}
			// agrees with net/http where net/http finds the cookie
			r := &http.Request{Header: h}
			if ck, err := r.Cookie("EGG_SESS"); err == nil && ck.Value != tc.want {
				t.Errorf("net/http reads %q, Value %q", ck.Value, tc.want)
			}
		})
	}
}
