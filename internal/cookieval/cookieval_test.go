package cookieval

import (
	"net/http"
	"testing"
)

func TestValue(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    string
	}{
		{"absent", nil, ""},
		{"only", []string{"locale=zh-CN"}, "zh-CN"},
		{"among others", []string{"a=1; locale=en-US; b=2"}, "en-US"},
		{"first wins", []string{"locale=a; locale=b"}, "a"},
		{"second header", []string{"a=1", "locale=x"}, "x"},
		{"quoted", []string{`locale="zh-CN"`}, "zh-CN"},
		{"spaces around", []string{"a=1;   locale=de \t"}, "de"},
		{"prefix of another name", []string{"localeX=1; xlocale=2"}, ""},
		{"empty value", []string{"locale="}, ""},
		{"name without value", []string{"locale"}, ""},
	}
	for _, tt := range tests {
		h := http.Header{}
		for _, v := range tt.headers {
			h.Add("Cookie", v)
		}
		if got := Value(h, "locale"); got != tt.want {
			t.Errorf("%s: Value(%q) = %q, want %q", tt.name, tt.headers, got, tt.want)
		}
	}
}

func TestValueAllocatesNothing(t *testing.T) {
	h := http.Header{"Cookie": {"a=1; EGG_SESS=abc; locale=zh-CN"}}
	if n := testing.AllocsPerRun(100, func() { _ = Value(h, "locale") }); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}
