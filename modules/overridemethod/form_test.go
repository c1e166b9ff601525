package overridemethod

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestFormField(t *testing.T) {
	for _, tc := range []struct {
		form   string
		values []string
		ok     bool
	}{
		{"", nil, true},
		{"_method=PUT", []string{"PUT"}, true},
		{"a=1&_method=delete&b=2", []string{"delete"}, true},
		{"_method=PUT&_method=DELETE", []string{"PUT", "DELETE"}, true},
		{"%5Fmethod=PATCH", []string{"PATCH"}, true},
		{"_method=P%55T", []string{"PUT"}, true},
		{"_method", []string{""}, true},
		{"_method=", []string{""}, true},
		{"_methods=PUT&x_method=PUT", nil, true},
		{"_method=PUT+X", []string{"PUT X"}, true},
		{"&&_method=PUT&", []string{"PUT"}, true},
		{"_method=PUT;a=1", nil, false},
		{"a=%zz&_method=PUT", nil, false},
		{"_method=PUT&a=%4", nil, false},
		{"_method=%", nil, false},
		{strings.Repeat("a=1&", maxFormParams) + "_method=PUT", nil, false},
	} {
		values, ok := formField([]byte(tc.form), "_method")
		if ok != tc.ok || !slices.Equal(values, tc.values) {
			t.Errorf("formField(%.40q) = %q, %v; want %q, %v", tc.form, values, ok, tc.values, tc.ok)
		}
		want, err := url.ParseQuery(tc.form)
		if (err == nil) != ok || (ok && !slices.Equal(want["_method"], values)) {
			t.Errorf("formField(%.40q) disagrees with url.ParseQuery: %q, %v", tc.form, want["_method"], err)
		}
	}
}

// FuzzFormField checks formField against url.ParseQuery, the parser
// bodyparser uses: the same verdict on malformed forms, the same values.
func FuzzFormField(f *testing.F) {
	f.Add("_method=PUT", "_method")
	f.Add("a=1&%5Fmethod=DELETE&_method=x", "_method")
	f.Add("_method=%zz", "_method")
	f.Add("a;b=c&_method=PATCH", "_method")
	f.Add("m=1&m=2&m", "m")
	f.Fuzz(func(t *testing.T, form, field string) {
		values, ok := formField([]byte(form), field)
		q, err := url.ParseQuery(form)
		if ok != (err == nil) {
			t.Fatalf("formField(%q, %q) ok=%v, url.ParseQuery err=%v", form, field, ok, err)
		}
		if ok && !slices.Equal(values, q[field]) {
			t.Fatalf("formField(%q, %q) = %q, url.ParseQuery gives %q", form, field, values, q[field])
		}
	})
}
