package jsonp

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// FuzzWriter: however a JSON body is split into writes, the JSONP answer
// is Prefix, the body with every U+2028 and U+2029 escaped, and Suffix.
func FuzzWriter(f *testing.F) {
	f.Add([]byte(`{"a":"x`+"\u2028"+`y"}`), uint(8))
	f.Add([]byte("\xe2\x80\xa9"), uint(1))
	f.Add([]byte("\xe2\x80\xa9"), uint(2))
	f.Add([]byte("\xe2\xe2\x80\xa8\x80"), uint(1))
	f.Add([]byte("\xe2\x80"), uint(1))
	f.Fuzz(func(t *testing.T, body []byte, cut uint) {
		k := int(cut % uint(len(body)+1))
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json")
		w := &writer{ResponseWriter: rec, name: "cb"}
		_, _ = w.Write(body[:k])
		_, _ = w.Write(body[k:])
		w.finish()
		want := bytes.ReplaceAll(bytes.ReplaceAll(body, []byte("\u2028"), []byte(`\u2028`)), []byte("\u2029"), []byte(`\u2029`))
		want = append(append([]byte(Prefix("cb")), want...), Suffix...)
		if got := rec.Body.Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("body %q cut at %d: %q, want %q", body, k, got, want)
		}
	})
}

func TestQueryValue(t *testing.T) {
	for _, tt := range []struct{ raw, key, want string }{
		{"callback=cb", "callback", "cb"},
		{"a=1&callback=&callback=cb2", "callback", "cb2"},
		{"xcallback=no&callback=yes", "callback", "yes"},
		{"callback=a%5B0%5D", "callback", "a[0]"},
		{"callback=a+b", "callback", "a b"},
		{"callback=%zz", "callback", "%zz"},
		{"callback", "callback", ""},
		{"", "callback", ""},
	} {
		if got := queryValue(tt.raw, tt.key); got != tt.want {
			t.Errorf("queryValue(%q, %q) = %q, want %q", tt.raw, tt.key, got, tt.want)
		}
	}
}
