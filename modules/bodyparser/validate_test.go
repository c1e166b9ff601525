package bodyparser

import (
	"testing"
)

func TestValidateMessages(t *testing.T) {
	type inner struct {
		V string `json:"v" validate:"required"`
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"required string", &struct {
			S string `json:"s" validate:"required"`
		}{}, invalid(missing("s"))},
		{"required pointer", &struct {
			P *int `json:"p" validate:"required"`
		}{}, invalid(missing("p"))},
		{"required zero pointer ok", &struct {
			P *int `json:"p" validate:"required"`
		}{P: new(int)}, "<nil>"},
		{"required struct", &struct {
			In inner `json:"in" validate:"required"`
		}{}, invalid(missing("in"))},
		{"required_if", &struct {
			Kind string `json:"kind"`
			Card string `json:"card" validate:"required_if=Kind card"`
		}{Kind: "card"}, invalid(missing("card"))},
		{"required_with", &struct {
			A string `json:"a"`
			B string `json:"b" validate:"required_with=A"`
		}{A: "x"}, invalid(missing("b"))},
		{"required_without", &struct {
			A string `json:"a"`
			B string `json:"b" validate:"required_without=A"`
		}{}, invalid(missing("b"))},
		{"min number", &struct {
			N int `json:"n" validate:"min=3"`
		}{N: 1}, invalid(bad("n", "should be at least 3"))},
		{"gte float", &struct {
			F float64 `json:"f" validate:"gte=0.5"`
		}{F: 0.1}, invalid(bad("f", "should be at least 0.5"))},
		{"min string", &struct {
			S string `json:"s" validate:"min=3"`
		}{S: "a"}, invalid(bad("s", "length should be at least 3"))},
		{"min slice", &struct {
			L []int `json:"l" validate:"min=1"`
		}{}, invalid(bad("l", "length should be at least 1"))},
		{"max number", &struct {
			N uint `json:"n" validate:"max=3"`
		}{N: 4}, invalid(bad("n", "should be at most 3"))},
		{"lte string", &struct {
			S string `json:"s" validate:"lte=1"`
		}{S: "ab"}, invalid(bad("s", "length should be at most 1"))},
		{"max map", &struct {
			M map[string]int `json:"m" validate:"max=1"`
		}{M: map[string]int{"a": 1, "b": 2}}, invalid(bad("m", "length should be at most 1"))},
		{"gt", &struct {
			N int `json:"n" validate:"gt=0"`
		}{}, invalid(bad("n", "should be greater than 0"))},
		{"lt string", &struct {
			S string `json:"s" validate:"lt=2"`
		}{S: "ab"}, invalid(bad("s", "length should be less than 2"))},
		{"len string", &struct {
			S string `json:"s" validate:"len=2"`
		}{S: "a"}, invalid(bad("s", "length should be 2"))},
		{"len number", &struct {
			N int `json:"n" validate:"len=2"`
		}{N: 1}, invalid(bad("n", "should be 2"))},
		{"eq", &struct {
			S string `json:"s" validate:"eq=yes"`
		}{S: "no"}, invalid(bad("s", "should be yes"))},
		{"ne", &struct {
			N int `json:"n" validate:"ne=0"`
		}{}, invalid(bad("n", "should not be 0"))},
		{"oneof", &struct {
			S string `json:"s" validate:"oneof=a b c"`
		}{S: "d"}, invalid(bad("s", "should be one of a b c"))},
		{"email", &struct {
			S string `json:"s" validate:"email"`
		}{S: "x"}, invalid(bad("s", "should be an email"))},
		{"url", &struct {
			S string `json:"s" validate:"url"`
		}{S: "x"}, invalid(bad("s", "should be a URL"))},
		{"uuid", &struct {
			S string `json:"s" validate:"uuid"`
		}{S: "x"}, invalid(bad("s", "should be a UUID"))},
		{"uuid4", &struct {
			S string `json:"s" validate:"uuid4"`
		}{S: "x"}, invalid(bad("s", "should be a version 4 UUID"))},
		{"alphanum", &struct {
			S string `json:"s" validate:"alphanum"`
		}{S: "a-b"}, invalid(bad("s", "should contain only letters and digits"))},
		{"numeric", &struct {
			S string `json:"s" validate:"numeric"`
		}{S: "x"}, invalid(bad("s", "should be numeric"))},
		{"ip", &struct {
			S string `json:"s" validate:"ip"`
		}{S: "x"}, invalid(bad("s", "should be an IP address"))},
		{"datetime", &struct {
			S string `json:"s" validate:"datetime=2006-01-02"`
		}{S: "x"}, invalid(bad("s", "should be a date/time like 2006-01-02"))},
		{"startswith", &struct {
			S string `json:"s" validate:"startswith=ab"`
		}{S: "x"}, invalid(bad("s", "should start with ab"))},
		{"contains", &struct {
			S string `json:"s" validate:"contains=@"`
		}{S: "x"}, invalid(bad("s", "should contain @"))},
		{"unique", &struct {
			L []int `json:"l" validate:"unique"`
		}{L: []int{1, 1}}, invalid(bad("l", "should not contain duplicates"))},
		{"eqfield", &struct {
			P  string `json:"password"`
			P2 string `json:"password2" validate:"eqfield=P"`
		}{P: "a", P2: "b"}, invalid(bad("password2", "should equal P"))},
		{"gtfield", &struct {
			From int `json:"from"`
			To   int `json:"to" validate:"gtfield=From"`
		}{From: 2, To: 1}, invalid(bad("to", "should be greater than From"))},
		{"unknown rule message", &struct {
			S string `json:"s" validate:"iscolor"`
		}{S: "x"}, invalid(bad("s", "failed the iscolor rule"))},
		{"dive into slice", &struct {
			L []string `json:"l" validate:"dive,email"`
		}{L: []string{"a@b.co", "x"}}, invalid(bad("l[1]", "should be an email"))},
		{"dive into map keys and values", &struct {
			M map[string]int `json:"m" validate:"dive,keys,min=2,endkeys,gte=0"`
		}{M: map[string]int{"k": -1}}, invalid(bad("m[k]", "length should be at least 2"), bad("m[k]", "should be at least 0"))},
		{"nested pointer struct", &struct {
			In *inner `json:"in"`
		}{In: &inner{}}, invalid(missing("in.v"))},
		{"nil pointer struct skipped", &struct {
			In *inner `json:"in"`
		}{}, "<nil>"},
		{"slice of structs", &struct {
			L []inner `json:"list" validate:"dive"`
		}{L: []inner{{V: "x"}, {}}}, invalid(missing("list[1].v"))},
		{"untagged and dash names", &struct {
			Plain  string `validate:"required"`
			Hidden string `json:"-" validate:"required"`
			Empty  string `json:",omitempty" validate:"required"`
		}{}, invalid(missing("Plain"), missing("Hidden"), missing("Empty"))},
		{"embedded struct", &struct {
			inner
			W string `json:"w" validate:"required"`
		}{}, invalid(missing("v"), missing("w"))},
		{"embedded pointer struct", &struct {
			*inner
			W string `json:"w"`
		}{inner: &inner{}}, invalid(missing("v"))},
		{"named embedded struct", &struct {
			inner `json:"base"`
		}{}, invalid(missing("base.v"))},
		{"map key with dots and brackets", &struct {
			M map[string]inner `json:"m" validate:"dive"`
		}{M: map[string]inner{"a.b]": {}}}, invalid(missing("m[a.b]].v"))},
		{"map of slices", &struct {
			M map[string][]inner `json:"m" validate:"dive,dive"`
		}{M: map[string][]inner{"k": {{}}}}, invalid(missing("m[k][0].v"))},
		{"omitempty skips", &struct {
			S string `json:"s" validate:"omitempty,email"`
		}{}, "<nil>"},
	}
	b := New(DefaultConfig())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errBody(b.Validate(tt.v)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFieldPathFallbacks(t *testing.T) {
	root := reflectTypeOf[user]()
	tests := []struct{ ns, want string }{
		{"user.name", "name"},
		{"user.address.city", "address.city"},
		{"user.items[3].sku", "items[3].sku"},
		{"user.zzz.q", "zzz.q"},
		{"user.tags[0", "tags[0"},
		{"user.name.x", "name.x"},
		{"other.name", "other.name"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := fieldPath(root, tt.ns); got != tt.want {
			t.Errorf("fieldPath(%q) = %q, want %q", tt.ns, got, tt.want)
		}
	}
}
