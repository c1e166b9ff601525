package i18n

import "testing"

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
	} {
		if got := format(tc.text, tc.args); got != tc.want {
			t.Errorf("format(%q, %v) = %q, want %q", tc.text, tc.args, got, tc.want)
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
