package bodyparser

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBindFormValid(t *testing.T) {
	b := New(DefaultConfig())
	body := "name=Al&age=30&level=-3&count=7&email=al%40example.com&admin=on&score=1.5&role=admin" +
		"&tags=ab&tags=cd&address.city=Paris&address.zip=75001&items[0].sku=a&items[0].qty=2&items[1].sku=b&items[1].qty=3" +
		"&labels[env]=prod&when=2024-01-02T03:04:05Z&unknown=1&Secret=s&-=s&Note=n"
	var got user
	mustBind(t, b, formReq(body), &got)
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	want := user{Name: "Al", Age: 30, Level: -3, Count: 7, Email: "al@example.com", Admin: ptr(true), Score: 1.5,
		Role: "admin", Tags: []string{"ab", "cd"}, Address: &address{City: "Paris", Zip: "75001"},
		Items: []item{{"a", 2}, {"b", 3}}, Labels: map[string]string{"env": "prod"}, When: &when, Note: "n"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestBindValues runs the same cases as a form body and as a query string.
func TestBindValues(t *testing.T) {
	tests := []struct {
		name  string
		query string
		check func(u user) bool // optional, on success
		want  string            // for the query; the form's differs only in code
	}{
		{name: "minimal", query: "name=Al", want: "<nil>"},
		{name: "repeated slice", query: "name=Al&tags=ab&tags=cd", want: "<nil>",
			check: func(u user) bool { return reflect.DeepEqual(u.Tags, []string{"ab", "cd"}) }},
		{name: "bracket slice", query: "name=Al&tags[]=ab&tags[]=cd", want: "<nil>",
			check: func(u user) bool { return reflect.DeepEqual(u.Tags, []string{"ab", "cd"}) }},
		{name: "escaped bracket slice", query: "name=Al&tags%5B%5D=ab&tags%5B%5D=cd", want: "<nil>",
			check: func(u user) bool { return reflect.DeepEqual(u.Tags, []string{"ab", "cd"}) }},
		{name: "indexed slice", query: "name=Al&tags[1]=cd&tags[0]=ab", want: "<nil>",
			check: func(u user) bool { return reflect.DeepEqual(u.Tags, []string{"ab", "cd"}) }},
		{name: "nested struct", query: "name=Al&address.city=Rome", want: "<nil>",
			check: func(u user) bool { return u.Address != nil && u.Address.City == "Rome" }},
		{name: "slice of structs", query: "name=Al&items[0].sku=a&items[0].qty=1", want: "<nil>",
			check: func(u user) bool { return reflect.DeepEqual(u.Items, []item{{"a", 1}}) }},
		{name: "map", query: "name=Al&labels[a]=1&labels[b]=2", want: "<nil>",
			check: func(u user) bool { return reflect.DeepEqual(u.Labels, map[string]string{"a": "1", "b": "2"}) }},
		{name: "bools", query: "name=Al&admin=false", want: "<nil>", check: func(u user) bool { return u.Admin != nil && !*u.Admin }},
		{name: "empty int is zero", query: "name=Al&age=", want: "<nil>", check: func(u user) bool { return u.Age == 0 }},
		{name: "last value wins for scalars", query: "name=Al&name=Bo", want: "<nil>", check: func(u user) bool { return u.Name == "Al" }},
		{name: "json dash and unknown ignored", query: "name=Al&Secret=x&-=x&secret=x&zzz=1", want: "<nil>", check: func(u user) bool { return u.Secret == "" }},
		{name: "untagged field by Go name", query: "name=Al&Note=n", want: "<nil>", check: func(u user) bool { return u.Note == "n" }},
		{name: "unbalanced brackets ignored", query: "name=Al&a]=1&b[=2&c[d]e]=3&]=4&[=5&tags[0=x", want: "<nil>"},
		{name: "too deep ignored", query: "name=Al&items[0][1][2][3][4][5]=1", want: "<nil>"},
		{name: "only brackets ignored", query: "name=Al&[]=1&[][]=2", want: "<nil>"},
		{name: "missing name", query: "age=3", want: invalid(missing("name"))},
		{name: "empty", query: "", want: invalid(missing("name"))},

		{name: "int not a number", query: "name=Al&age=x", want: invalid(bad("age", "should be an integer"))},
		{name: "int8 out of range", query: "name=Al&level=300", want: invalid(bad("level", "should be an integer"))},
		{name: "uint negative", query: "name=Al&count=-1", want: invalid(bad("count", "should be a non-negative integer"))},
		{name: "bool", query: "name=Al&admin=maybe", want: invalid(bad("admin", "should be a boolean (true or false)"))},
		{name: "float", query: "name=Al&score=abc", want: invalid(bad("score", "should be a number"))},
		{name: "time", query: "name=Al&when=yesterday", want: invalid(bad("when", "should be a time like 2006-01-02T15:04:05Z (RFC 3339)"))},
		{name: "non-numeric index", query: "name=Al&items[x].sku=a", want: invalid(bad("items", "has an index that is not a number"))},
		{name: "negative index", query: "name=Al&items[-1].sku=a", want: invalid(bad("items", "has an index that is not a number"))},
		{name: "index too large", query: "name=Al&items[100].sku=a", want: invalid(bad("items", "should have at most 100 indexed items (index 0 to 99)"))},
		{name: "index overflow", query: "name=Al&tags[99999999999999999999]=a", want: invalid(bad("tags", "has an index that is not a number"))},
		{name: "nested conversion", query: "name=Al&items[0].sku=a&items[0].qty=many", want: invalid(bad("items[0].qty", "should be an integer"))},
		{name: "several conversions sorted", query: "score=x&age=y&admin=z", want: invalid(
			bad("admin", "should be a boolean (true or false)"), bad("age", "should be an integer"), bad("score", "should be a number"))},
		{name: "validation", query: "name=Al&age=151&tags=a&items[0].qty=0&address.zip=x", want: invalid(
			bad("age", "should be at most 150"), bad("tags[0]", "length should be at least 2"),
			missing("address.city"), bad("address.zip", "length should be 5"),
			missing("items[0].sku"), bad("items[0].qty", "should be at least 1"))},
		{name: "sparse index validates the gap", query: "name=Al&items[1].sku=b&items[1].qty=1", want: invalid(
			missing("items[0].sku"), bad("items[0].qty", "should be at least 1"))},

		{name: "bad escape", query: "name=%zz", want: errJSON(400, "invalid_query", `Problems parsing the query string: invalid URL escape "%zz"`)},
		{name: "semicolon", query: "name=Al;age=3", want: errJSON(400, "invalid_query", "Problems parsing the query string: invalid semicolon separator in query")},
		{name: "too many bracket groups", query: distinct("x%d[a]=1&", 1001), want: errJSON(400, "invalid_params",
			"too many indexed parameters: their names hold 1001 bracket groups like [0] or [key], the limit is 1000")},
		{name: "bracket groups after normalizing", query: "a[]=1&" + distinct("x%d[a][b]=1&", 501), want: errJSON(400, "invalid_params",
			"too many indexed parameters: their names hold 1002 bracket groups like [0] or [key], the limit is 1000")},
		{name: "1000 bracket groups is fine", query: "name=Al&" + distinct("x%d[a]=1&", 1000), want: "<nil>"},
	}
	b := New(DefaultConfig())
	for _, tt := range tests {
		for _, src := range []string{"query", "form"} {
			t.Run(src+"/"+tt.name, func(t *testing.T) {
				var r *http.Request
				want := tt.want
				if src == "query" {
					r = httptest.NewRequest(http.MethodGet, "/?"+tt.query, nil)
				} else {
					r = formReq(tt.query)
					want = strings.Replace(want, `"invalid_query","message":"Problems parsing the query string:`, `"invalid_form","message":"Problems parsing form:`, 1)
				}
				var u user
				err := b.Bind(r, &u)
				if got := errBody(err); got != want {
					t.Errorf("got  %s\nwant %s", got, want)
				}
				if err == nil && tt.check != nil && !tt.check(u) {
					t.Errorf("decoded %+v", u)
				}
			})
		}
	}
}

func TestBindQueryParamLimit(t *testing.T) {
	// Go's url.ParseQuery refuses more than 10000 parameters.
	r := httptest.NewRequest(http.MethodGet, "/?"+strings.Repeat("a=1&", 10001), nil)
	var u user
	err := New(DefaultConfig()).Bind(r, &u)
	if status(err) != 400 || !strings.Contains(errBody(err), `"invalid_query"`) {
		t.Errorf("got %s", errBody(err))
	}
}

func TestBindFormLimit(t *testing.T) {
	cfg := DefaultConfig()
	cfg.FormLimit = 16
	b := New(cfg)
	tooLarge := errJSON(413, "entity.too.large", "request body is larger than the form limit of 16 bytes (bodyparser FormLimit)")
	tests := []struct {
		name string
		req  *http.Request
		want string
	}{
		{"exact", formReq("name=Alfredo&a=1"), "<nil>"},
		{"over", formReq("name=Alfredo&a=12"), tooLarge},
		{"over, chunked", func() *http.Request {
			r := formReq("")
			r.Body, r.ContentLength = readCloser(chunked{strings.NewReader("name=Alfredo&a=12")}), -1
			return r
		}(), tooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u user
			if got := errBody(b.Bind(tt.req, &u)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want url.Values
	}{
		{"a=1&a[]=2&a[][]=3", url.Values{"a": {"1", "2", "3"}}},
		{"a=1&b]=2&c[=3&[]=4", url.Values{"a": {"1"}}},
		{"x[0]=1&x[]=2", url.Values{"x[0]": {"1"}, "x": {"2"}}},
	}
	for _, tt := range tests {
		in, _ := url.ParseQuery(tt.in)
		got, err := normalize(in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("normalize(%s) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestBracketGroupsBoundTime(t *testing.T) {
	// The worst case at the limit (1000 distinct bracket groups in nested
	// names) must stay cheap: the form decoder is quadratic in them.
	var sb strings.Builder
	for i := range 200 {
		fmt.Fprintf(&sb, "items[0].a%d[1][2][3][4]=1&", i)
	}
	b := New(DefaultConfig())
	start := time.Now()
	var u user
	_ = b.Bind(formReq(sb.String()), &u)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("binding 1000 bracket groups took %v", d)
	}
}

// distinct repeats format n times with the index filled in.
func distinct(format string, n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, format, i)
	}
	return sb.String()
}
