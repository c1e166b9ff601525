package bodyparser

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBindJSONValid(t *testing.T) {
	b := New(DefaultConfig())
	body := `{"name":"Al","age":30,"level":-3,"count":7,"email":"al@example.com","admin":true,"score":1.5,
		"role":"admin","tags":["ab","cd"],"address":{"city":"Paris","zip":"75001"},
		"items":[{"sku":"a","qty":2},{"sku":"b","qty":3}],"labels":{"env":"prod"},
		"when":"2024-01-02T03:04:05Z","unknown":{"deep":[1,2,3]},"Secret":"s","-":"s","note":"n"}`
	var got user
	mustBind(t, b, jsonReq(body), &got)
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	want := user{Name: "Al", Age: 30, Level: -3, Count: 7, Email: "al@example.com", Admin: ptr(true), Score: 1.5,
		Role: "admin", Tags: []string{"ab", "cd"}, Address: &address{City: "Paris", Zip: "75001"},
		Items: []item{{"a", 2}, {"b", 3}}, Labels: map[string]string{"env": "prod"}, When: &when, Note: "n"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestBindJSON(t *testing.T) {
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	tests := []struct {
		name   string
		body   string
		ctype  string // default application/json
		strict *bool  // default true
		want   string
	}{
		{name: "minimal", body: `{"name":"Al"}`, want: "<nil>"},
		{name: "unknown fields ignored", body: `{"name":"Al","nope":1,"address2":{}}`, want: "<nil>"},
		{name: "case-insensitive keys", body: `{"NAME":"Al"}`, want: "<nil>"},
		{name: "BOM", body: "\xef\xbb\xbf{\"name\":\"Al\"}", want: "<nil>"},
		{name: "surrounding space", body: " \r\n\t{\"name\":\"Al\"} \n", want: "<nil>"},
		{name: "invalid utf-8 in string", body: "{\"name\":\"A\xff\"}", want: "<nil>"},
		{name: "charset utf-8", body: `{"name":"Al"}`, ctype: "application/json; charset=UTF-8", want: "<nil>"},
		{name: "vnd +json", body: `{"name":"Al"}`, ctype: "application/vnd.api+json", want: "<nil>"},
		{name: "merge-patch +json", body: `{"name":"Al"}`, ctype: "application/merge-patch+json", want: "<nil>"},
		{name: "uppercase type", body: `{"name":"Al"}`, ctype: "Application/JSON", want: "<nil>"},
		{name: "bad param still json", body: `{"name":"Al"}`, ctype: "application/json; =x", want: "<nil>"},

		{name: "empty body is {}", body: "", want: invalid(missing("name"))},
		{name: "blank body is {}", body: " \n\t", want: invalid(missing("name"))},
		{name: "empty object", body: "{}", want: invalid(missing("name"))},

		{name: "syntax", body: `{"name":}`, want: errJSON(400, "invalid_json", "Problems parsing JSON: invalid character '}' looking for beginning of value at byte 9")},
		{name: "truncated", body: `{"name":"Al"`, want: errJSON(400, "invalid_json", "Problems parsing JSON: unexpected end of JSON input at byte 12")},
		{name: "trailing data", body: `{"name":"Al"} x`, want: errJSON(400, "invalid_json", "Problems parsing JSON: invalid character 'x' after top-level value at byte 15")},
		{name: "two values", body: `{}{}`, want: errJSON(400, "invalid_json", "Problems parsing JSON: invalid character '{' after top-level value at byte 3")},
		{name: "single quotes", body: `{'name':'Al'}`, want: errJSON(400, "invalid_json", "Problems parsing JSON: invalid character '\\'' looking for beginning of object key string at byte 2")},
		{name: "too deep", body: deep, want: errJSON(400, "invalid_json", "Problems parsing JSON: invalid character '[' exceeded max depth at byte 10001")},
		{name: "bad time", body: `{"name":"Al","when":"yesterday"}`, want: errJSON(400, "invalid_json", `Problems parsing JSON: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`)},

		{name: "strict string", body: `"Al"`, want: errJSON(400, "invalid_json", "Problems parsing JSON: the body must be a JSON object or array (bodyparser Strict)")},
		{name: "strict number", body: ` 12`, want: errJSON(400, "invalid_json", "Problems parsing JSON: the body must be a JSON object or array (bodyparser Strict)")},
		{name: "strict null", body: `null`, want: errJSON(400, "invalid_json", "Problems parsing JSON: the body must be a JSON object or array (bodyparser Strict)")},
		{name: "strict garbage", body: `hello`, want: errJSON(400, "invalid_json", "Problems parsing JSON: the body must be a JSON object or array (bodyparser Strict)")},
		{name: "array into struct", body: `[1]`, want: errJSON(400, "invalid_json", "Problems parsing JSON: the body should be an object, not an array")},
		{name: "non-strict string", body: `"Al"`, strict: ptr(false), want: errJSON(400, "invalid_json", "Problems parsing JSON: the body should be an object, not a string")},
		{name: "non-strict number", body: `1`, strict: ptr(false), want: errJSON(400, "invalid_json", "Problems parsing JSON: the body should be an object, not a number")},
		{name: "non-strict null", body: `null`, strict: ptr(false), want: invalid(missing("name"))},
		{name: "non-strict garbage", body: `hello`, strict: ptr(false), want: errJSON(400, "invalid_json", "Problems parsing JSON: invalid character 'h' looking for beginning of value at byte 1")},

		{name: "string field gets number", body: `{"name":1}`, want: invalid(bad("name", "should be a string"))},
		{name: "int field gets string", body: `{"name":"Al","age":"3"}`, want: invalid(bad("age", "should be an integer"))},
		{name: "int field gets fraction", body: `{"name":"Al","age":1.5}`, want: invalid(bad("age", "should be an integer"))},
		{name: "int field gets huge", body: `{"name":"Al","age":1e400}`, want: invalid(bad("age", "should be an integer"))},
		{name: "int8 out of range", body: `{"name":"Al","level":300}`, want: invalid(bad("level", "should be an integer from -128 to 127"))},
		{name: "uint8 negative", body: `{"name":"Al","count":-1}`, want: invalid(bad("count", "should be an integer from 0 to 255"))},
		{name: "uint8 fraction", body: `{"name":"Al","count":0.5}`, want: invalid(bad("count", "should be a non-negative integer"))},
		{name: "bool gets string", body: `{"name":"Al","admin":"yes"}`, want: invalid(bad("admin", "should be a boolean"))},
		{name: "float gets string", body: `{"name":"Al","score":"1"}`, want: invalid(bad("score", "should be a number"))},
		{name: "slice gets string", body: `{"name":"Al","tags":"ab"}`, want: invalid(bad("tags", "should be an array"))},
		{name: "slice item wrong", body: `{"name":"Al","tags":["ab",3]}`, want: invalid(bad("tags[1]", "should be a string"))},
		{name: "struct gets array", body: `{"name":"Al","address":[]}`, want: invalid(bad("address", "should be an object"))},
		{name: "nested field wrong", body: `{"name":"Al","address":{"city":5}}`, want: invalid(bad("address.city", "should be a string"))},
		{name: "slice of structs", body: `{"name":"Al","items":[{"sku":"a","qty":1},{"sku":"b","qty":"2"}]}`, want: invalid(bad("items[1].qty", "should be an integer"))},
		{name: "map value wrong", body: `{"name":"Al","labels":{"a":"x","b":1}}`, want: invalid(bad("labels.b", "should be a string"))},
		{name: "time gets number", body: `{"name":"Al","when":1}`, want: errJSON(400, "invalid_json", "Problems parsing JSON: Time.UnmarshalJSON: input is not a JSON string")},
		{name: "too many tags", body: `{"name":"Al","tags":["aa","bb","cc","dd"]}`, want: invalid(bad("tags", "length should be at most 3"))},
		{name: "first type error wins", body: `{"age":"x","name":1}`, want: invalid(bad("age", "should be an integer"))},

		{name: "validation after decode", body: `{"name":"Alexander the Great","age":200,"email":"nope","role":"root","tags":["a","bb"],"address":{"zip":"1"},"items":[{"qty":0}]}`,
			want: invalid(
				bad("name", "length should be at most 10"),
				bad("age", "should be at most 150"),
				bad("email", "should be an email"),
				bad("role", "should be one of admin user guest"),
				bad("tags[0]", "length should be at least 2"),
				missing("address.city"),
				bad("address.zip", "length should be 5"),
				missing("items[0].sku"),
				bad("items[0].qty", "should be at least 1"),
			)},

		{name: "latin1 charset", body: `{}`, ctype: "application/json; charset=latin1", want: errJSON(415, "unsupported_media_type", `unsupported charset "latin1"; send UTF-8`)},
		{name: "text/json", body: `{}`, ctype: "text/json", want: errJSON(415, "unsupported_media_type", "unsupported content type text/json; send application/json or application/x-www-form-urlencoded")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if tt.strict != nil {
				cfg.Strict = *tt.strict
			}
			r := jsonReq(tt.body)
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			var u user
			if got := errBody(New(cfg).Bind(r, &u)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestBindJSONLimit(t *testing.T) {
	cfg := DefaultConfig()
	cfg.JSONLimit = 32
	b := New(cfg)
	exact := `{"name":"` + strings.Repeat("a", 32-11) + `"}` // 32 bytes
	over := `{"name":"` + strings.Repeat("a", 32-10) + `"}`  // 33 bytes
	tooLarge := errJSON(413, "entity.too.large", "request body is larger than the JSON limit of 32 bytes (bodyparser JSONLimit)")
	tests := []struct {
		name string
		req  func() *http.Request
		want string
	}{
		{"exactly the limit", func() *http.Request { return jsonReq(exact) }, invalid(bad("name", "length should be at most 10"))},
		{"over by Content-Length", func() *http.Request { return jsonReq(over) }, tooLarge},
		{"Content-Length header alone", func() *http.Request {
			r := jsonReq(`{}`)
			r.ContentLength = 1 << 40
			return r
		}, tooLarge},
		{"over, chunked", func() *http.Request {
			r := jsonReq("")
			r.Body, r.ContentLength = readCloser(chunked{strings.NewReader(over)}), -1
			return r
		}, tooLarge},
		{"far over, chunked", func() *http.Request {
			r := jsonReq("")
			r.Body, r.ContentLength = readCloser(chunked{strings.NewReader(strings.Repeat(" ", 10<<20))}), -1
			return r
		}, tooLarge},
		{"exact, chunked", func() *http.Request {
			r := jsonReq("")
			r.Body, r.ContentLength = readCloser(chunked{strings.NewReader(exact)}), -1
			return r
		}, invalid(bad("name", "length should be at most 10"))},
		{"outer MaxBytesReader", func() *http.Request {
			r := jsonReq(`{"name":"Al"}`)
			r.Body = http.MaxBytesReader(nil, r.Body, 5)
			return r
		}, errJSON(413, "entity.too.large", "request body is larger than the server's limit of 5 bytes")},
		{"client disconnects", func() *http.Request {
			r := jsonReq("")
			r.Body, r.ContentLength = readCloser(&failingReader{data: `{"na`}), -1
			return r
		}, errJSON(400, "invalid_body", "could not read the request body: unexpected EOF")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u user
			if got := errBody(b.Bind(tt.req(), &u)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestJSONPath(t *testing.T) {
	tests := []struct {
		data   string
		offset int64
		want   string
		ok     bool
	}{
		{`{"a":1}`, 6, "a", true},
		{`{"a":{"b":[1,{"c":true}]}}`, 22, "a.b[1].c", true},
		{`[[1],[2,3]]`, 9, "[1][1]", true},
		{`{"a":[]}`, 6, "a", true},
		{`{"a":1}`, 100, "", false},
		{`{"a":`, 100, "", false},
		{`1`, 1, "", true},
	}
	for _, tt := range tests {
		got, ok := jsonPath([]byte(tt.data), tt.offset)
		if got != tt.want || ok != tt.ok {
			t.Errorf("jsonPath(%s, %d) = %q, %v; want %q, %v", tt.data, tt.offset, got, ok, tt.want, tt.ok)
		}
	}
}
