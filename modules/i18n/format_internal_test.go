package i18n

import (
	"fmt"
	"testing"
)

// isPlaceholderArg: a lone map or slice argument fills {} placeholders
// instead of fmt verbs.
func isPlaceholderArg(a any) bool {
	switch a.(type) {
	case map[string]any, map[string]string, []any, []string:
		return true
	}
	return false
}

// TestFormat: Egg's gettext formatting rules.
func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		text string
		args []any
		want string
	}{
		{"plain", nil, "plain"},
		{"100%", nil, "100%"}, // no args: no fmt at all
		{"Hello %s", []any{"Ann"}, "Hello Ann"},
		{"%s has %d", []any{"Ann", 3}, "Ann has 3"},
		{"Hi {name}", []any{map[string]any{"name": "Ann"}}, "Hi Ann"},
		{"Hi {name}", []any{map[string]string{"name": "Ann"}}, "Hi Ann"},
		{"Hi {name}{name}", []any{map[string]any{"name": ""}}, "Hi "},
		{"Hi {name} {other}", []any{map[string]any{"name": "Ann"}}, "Hi Ann {other}"},
		{"{0}-{1}-{0}", []any{[]any{"a", 1}}, "a-1-a"},
		{"{0}-{2}", []any{[]string{"a"}}, "a-{2}"},
		{"{-1} {x y} {} { {", []any{[]any{"a"}}, "{-1} {x y} {} { {"},
		{"{{0}}", []any{[]any{"a"}}, "{a}"},
		{"end {", []any{map[string]any{}}, "end {"},
		{"end {0", []any{[]any{"a"}}, "end {0"},
		{"中文{0}", []any{[]any{"字"}}, "中文字"},
		// Formats fmt would give: the plain ones without fmt, the rest by fmt.
		{"%v and %v", []any{"a", -12}, "a and -12"},
		{"100%% of %s%s", []any{"x", "y"}, "100% of xy"},
		{"%d%%", []any{7}, "7%"},
		{"%s", []any{""}, ""},
		{"%5s|%-3d|%q", []any{"a", 1, "b"}, "    a|1  |\"b\""},
		{"%s %s", []any{"only one"}, "only one %!s(MISSING)"},
		{"%s", []any{"a", "extra"}, "a%!(EXTRA string=extra)"},
		{"%d", []any{"text"}, "%!d(string=text)"},
		{"%s", []any{3}, "%!s(int=3)"},
		{"%s", []any{int64(3)}, "%!s(int64=3)"},
		{"%v", []any{3.5}, "3.5"},
		{"trailing %", []any{"x"}, "trailing %!(NOVERB)%!(EXTRA string=x)"},
	} {
		if got := format(tc.text, tc.args); got != tc.want {
			t.Errorf("format(%q, %v) = %q, want %q", tc.text, tc.args, got, tc.want)
		}
		if len(tc.args) > 1 || len(tc.args) == 1 && !isPlaceholderArg(tc.args[0]) {
			if want := fmt.Sprintf(tc.text, tc.args...); format(tc.text, tc.args) != want {
				t.Errorf("format(%q, %v) differs from fmt.Sprintf: %q", tc.text, tc.args, want)
			}
		}
	}
}

// TestTemplateData: T's argument forms.
func TestTemplateData(t *testing.T) {
	if templateData(nil) != nil {
		t.Error("no args: want nil data")
	}
	// (A,1), then 2 is no key: !BADKEY=2, then (x,B), then a lone key
	m := templateData([]any{"A", 1, 2, "x", "B", "lone"}).(map[string]any)
	if len(m) != 3 || m["A"] != 1 || m["x"] != "B" || m[badKey] != "lone" {
		t.Errorf("pairs = %v", m)
	}
	if m := templateData([]any{1, "v", "k"}).(map[string]any); m[badKey] != 1 || m["v"] != "k" {
		t.Errorf("a non-string key: %v", m)
	}
	if d := templateData([]any{"only"}); d != "only" {
		t.Errorf("one value: %v, want it as the data", d)
	}
	given := map[string]any{"Name": "Ann"}
	d := pluralData(3, []any{given}).(map[string]any)
	if d["Count"] != 3 || d["PluralCount"] != 3 || d["Name"] != "Ann" || len(given) != 1 {
		t.Errorf("pluralData = %v (and the caller's map became %v)", d, given)
	}
	d = pluralData(3, []any{"Count", "three"}).(map[string]any)
	if d["Count"] != "three" || d["PluralCount"] != 3 {
		t.Errorf("pluralData pairs = %v", d)
	}
}

// FuzzFormatPlain: where formatPlain formats a message itself, it gives
// exactly what fmt.Sprintf gives.
func FuzzFormatPlain(f *testing.F) {
	f.Add("Signed in as %s", "ada", 3)
	f.Add("%d of %v%%", "x", -7)
	f.Add("%v%v", "", 0)
	f.Fuzz(func(t *testing.T, text, s string, n int) {
		for _, args := range [][]any{{s}, {n}, {s, n}, {n, s}, {s, s, n}} {
			if got, ok := formatPlain(text, args); ok {
				if want := fmt.Sprintf(text, args...); got != want {
					t.Fatalf("formatPlain(%q, %v) = %q, fmt.Sprintf gives %q", text, args, got, want)
				}
			}
		}
	})
}
