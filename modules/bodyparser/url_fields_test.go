package bodyparser

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Base is embedded: its tagged fields count as the outer struct's.
type Base struct {
	PostID int64 `param:"post_id"`
}

// comment is a nested resource's input: ids from the path, paging from
// the query, the rest from the body.
type comment struct {
	Base
	ID      int        `json:"id" param:"id"`
	Body    string     `json:"body" validate:"required"`
	Page    int        `json:"-" query:"page" validate:"min=0"`
	Tags    []string   `json:"tags" query:"tag"`
	Sizes   []uint8    `json:"-" query:"size"`
	Since   *time.Time `json:"-" query:"since"`
	Draft   *bool      `json:"-" query:"draft"`
	Ratio   float32    `json:"-" query:"ratio"`
	Sort    string     `json:"-" query:"sort"`
	IP      net.IP     `json:"-" query:"ip"`
	Ignored string     `json:"-" query:"-"`
}

// bindServer serves PUT /posts/{post_id}/comments/{id} (and the same
// without {id}) on a stdlib ServeMux, answering with the bound comment
// or the error's body, as Bind fills path parameters from r.PathValue.
func bindServer(t *testing.T) *httptest.Server {
	b := New(DefaultConfig())
	h := func(w http.ResponseWriter, r *http.Request) {
		var c comment
		if err := b.Bind(r, &c); err != nil {
			w.WriteHeader(status(err))
			_, _ = w.Write([]byte(errBody(err)))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"post": c.PostID, "id": c.ID, "body": c.Body, "page": c.Page, "tags": c.Tags, "sizes": c.Sizes,
			"since": c.Since, "draft": c.Draft, "ratio": c.Ratio, "sort": c.Sort, "ip": c.IP,
		})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/posts/{post_id}/comments/{id}", h)
	mux.HandleFunc("/posts/{post_id}/comments", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestBindFillsFieldsFromPathAndQuery(t *testing.T) {
	srv := bindServer(t)
	const full = `{"post":7,"id":3,"body":"hi","page":0,"tags":null,"sizes":null,"since":null,"draft":null,"ratio":0,"sort":"","ip":""}`
	with := func(changes string) string { // full with some fields replaced
		var m map[string]any
		_ = json.Unmarshal([]byte(full), &m)
		_ = json.Unmarshal([]byte(changes), &m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct {
		name   string
		method string
		target string
		ctype  string
		body   string
		status int
		want   string
	}{
		{"path params", "PUT", "/posts/7/comments/3", "application/json", `{"body":"hi"}`, 200, full},
		{"path param wins over the body", "PUT", "/posts/7/comments/3", "application/json", `{"id":99,"body":"hi"}`, 200, full},
		{"body fills a param field the route lacks", "POST", "/posts/7/comments", "application/json", `{"id":99,"body":"hi"}`, 200, with(`{"id":99}`)},
		{"query over the body", "PUT", "/posts/7/comments/3?tag=a&tag=b", "application/json", `{"body":"hi","tags":["x"]}`, 200, with(`{"tags":["a","b"]}`)},
		{"body kept when the query lacks it", "PUT", "/posts/7/comments/3", "application/json", `{"body":"hi","tags":["x"]}`, 200, with(`{"tags":["x"]}`)},
		{"form body", "PUT", "/posts/7/comments/3?page=2", "application/x-www-form-urlencoded", "body=hi&id=5", 200, with(`{"page":2}`)},
		{"query without a body", "GET", "/posts/7/comments/3?body=hi&page=4", "", "", 200, with(`{"page":4}`)},
		{"typed values", "PUT", "/posts/7/comments/3?page=1&size=1&size[]=2&since=2024-05-01T10:00:00Z&draft=true&ratio=0.5&sort=new&ip=192.0.2.7", "application/json", `{"body":"hi"}`, 200,
			with(`{"page":1,"sizes":"AQI=","since":"2024-05-01T10:00:00Z","draft":true,"ratio":0.5,"sort":"new","ip":"192.0.2.7"}`)},
		{"first value of a scalar", "PUT", "/posts/7/comments/3?page=1&page=x", "application/json", `{"body":"hi"}`, 200, with(`{"page":1}`)},
		{"empty values are absent, but a string is set", "PUT", "/posts/7/comments/3?page=&draft=&sort=&tag=", "application/json", `{"body":"hi"}`, 200, with(`{"tags":[""]}`)},
		{"ignored tag", "PUT", "/posts/7/comments/3?Ignored=x", "application/json", `{"body":"hi"}`, 200, full},

		{"bad path param", "PUT", "/posts/x/comments/3", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `path parameter post_id must be an integer, got "x"`)},
		{"path param out of range", "PUT", "/posts/7/comments/99999999999999999999", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `path parameter id must be an integer from -9223372036854775808 to 9223372036854775807, got "99999999999999999999"`)},
		{"bad query int", "PUT", "/posts/7/comments/3?page=two", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter page must be an integer, got "two"`)},
		{"bad slice item", "PUT", "/posts/7/comments/3?size=1&size=300", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter size must be an integer from 0 to 255, got "300"`)},
		{"negative for unsigned", "PUT", "/posts/7/comments/3?size=-1", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter size must be a non-negative integer, got "-1"`)},
		{"bad time", "PUT", "/posts/7/comments/3?since=yesterday", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter since must be a time like 2006-01-02T15:04:05Z (RFC 3339), got "yesterday"`)},
		{"bad bool", "PUT", "/posts/7/comments/3?draft=maybe", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter draft must be true or false, got "maybe"`)},
		{"NaN is not a number", "PUT", "/posts/7/comments/3?ratio=NaN", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter ratio must be a number, got "NaN"`)},
		{"bad TextUnmarshaler", "PUT", "/posts/7/comments/3?ip=999.1.1.1", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter ip must be a valid net.IP, got "999.1.1.1"`)},
		{"long value cut", "PUT", "/posts/7/comments/3?page=" + strings.Repeat("x", 150), "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_param", `query parameter page must be an integer, got "`+strings.Repeat("x", 100)+`..."`)},
		{"malformed query", "PUT", "/posts/7/comments/3?page=%zz", "application/json", `{"body":"hi"}`, 400,
			errJSON(400, "invalid_query", `Problems parsing the query string: invalid URL escape "%zz"`)},
		{"validation after the URL fields, named by the query tag", "PUT", "/posts/7/comments/3?page=-1", "application/json", `{}`, 422,
			invalid(missing("body"), bad("page", "should be at least 0"))},
		{"body error first", "PUT", "/posts/x/comments/3", "application/json", `{`, 400,
			errJSON(400, "invalid_json", "Problems parsing JSON: unexpected end of JSON input at byte 1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			buf := make([]byte, 4096)
			for {
				n, err := res.Body.Read(buf)
				b.WriteString(string(buf[:n]))
				if err != nil {
					break
				}
			}
			if res.StatusCode != tt.status || !sameJSON(b.String(), tt.want) {
				t.Errorf("%s %s → %d %s\nwant %d %s", tt.method, tt.target, res.StatusCode, b.String(), tt.status, tt.want)
			}
		})
	}
}

// sameJSON reports whether a and b are equal JSON values.
func sameJSON(a, b string) bool {
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

func TestBindURLTagMistakesAreProgrammerErrors(t *testing.T) {
	type badType struct {
		M map[string]string `query:"m"`
	}
	type sliceParam struct {
		IDs []int `param:"ids"`
	}
	type unexported struct {
		id int `param:"id"`
	}
	type nestedPtr struct {
		P **int `query:"p"`
	}
	b := New(DefaultConfig())
	tests := []struct {
		v    any
		want string
	}{
		{&badType{}, "plain: bodyparser: field bodyparser.badType.M has tag query:\"m\" but type map[string]string; use a string, bool, integer, float or encoding.TextUnmarshaler type, or a pointer to one, or a slice of one"},
		{&sliceParam{}, "plain: bodyparser: field bodyparser.sliceParam.IDs has tag param:\"ids\" but type []int; use a string, bool, integer, float or encoding.TextUnmarshaler type, or a pointer to one"},
		{&unexported{}, "plain: bodyparser: field bodyparser.unexported.id has tag param:\"id\" but is unexported; export it"},
		{&nestedPtr{}, "plain: bodyparser: field bodyparser.nestedPtr.P has tag query:\"p\" but type **int; use a string, bool, integer, float or encoding.TextUnmarshaler type, or a pointer to one, or a slice of one"},
	}
	for _, tt := range tests {
		for range 2 { // the cached plan gives the same error
			r := httptest.NewRequest(http.MethodGet, "/?m=1", nil)
			if got := errBody(b.Bind(r, tt.v)); got != tt.want {
				t.Errorf("Bind(%T) = %s\nwant %s", tt.v, got, tt.want)
			}
			if got := errBody(b.BindQuery(r, tt.v)); got != tt.want {
				t.Errorf("BindQuery(%T) = %s\nwant %s", tt.v, got, tt.want)
			}
		}
	}
}

func TestBindQueryFillsTaggedFields(t *testing.T) {
	type listing struct {
		Q    string `json:"q"`
		Page int    `json:"-" query:"p" validate:"max=9"`
		Post int    `json:"-" param:"post"`
	}
	mux := http.NewServeMux()
	b := New(DefaultConfig())
	var got listing
	var gotErr error
	mux.HandleFunc("/posts/{post}", func(w http.ResponseWriter, r *http.Request) { gotErr = b.BindQuery(r, &got) })
	r := httptest.NewRequest(http.MethodPost, "/posts/4?q=go&p=3", strings.NewReader(`{"q":"body"}`))
	r.Header.Set("Content-Type", "application/json")
	mux.ServeHTTP(httptest.NewRecorder(), r)
	if gotErr != nil || got != (listing{"go", 3, 4}) {
		t.Errorf("BindQuery = %+v, %s", got, errBody(gotErr))
	}
	mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/posts/4?p=10", nil))
	if want := invalid(bad("p", "should be at most 9")); errBody(gotErr) != want {
		t.Errorf("BindQuery = %s\nwant %s", errBody(gotErr), want)
	}
}

// The plan of a type is built once and shared by every Bind.
func TestBindCachesThePlanPerType(t *testing.T) {
	b := New(DefaultConfig())
	p1 := b.planFor(reflectTypeOf[comment]())
	p2 := b.planFor(reflectTypeOf[comment]())
	if p1 != p2 {
		t.Error("planFor built the plan twice")
	}
	var names []string
	for _, f := range p1.fields {
		names = append(names, f.source.String()+" "+f.name)
	}
	want := "query parameter page,query parameter tag,query parameter size,query parameter since,query parameter draft," +
		"query parameter ratio,query parameter sort,query parameter ip,path parameter post_id,path parameter id"
	if strings.Join(names, ",") != want {
		t.Errorf("plan fields = %s\nwant %s (queries first, so that path parameters win)", strings.Join(names, ","), want)
	}
	if !p1.query {
		t.Error("plan.query = false for a type with query fields")
	}
	if p := b.planFor(reflectTypeOf[user]()); len(p.fields) != 0 || p.query || p.err != nil {
		t.Errorf("plan of a type without URL tags = %+v; want empty", p)
	}
}

func BenchmarkBindURLFields(b *testing.B) {
	binder := New(DefaultConfig())
	params := map[string]string{"post_id": "7", "id": "3"}
	param := func(n string) string { return params[n] }
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPut, "/posts/7/comments/3?page=2&tag=a", strings.NewReader(`{"body":"hi"}`))
		r.Header.Set("Content-Type", "application/json")
		var c comment
		if err := binder.bind(r, &c, param); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBindNoURLFields is BenchmarkBindURLFields's baseline: the same
// request into a struct without URL tags (the ids by hand, as before).
func BenchmarkBindNoURLFields(b *testing.B) {
	type plain struct {
		Body string   `json:"body" validate:"required"`
		Tags []string `json:"tags"`
	}
	binder := New(DefaultConfig())
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPut, "/posts/7/comments/3?page=2&tag=a", strings.NewReader(`{"body":"hi"}`))
		r.Header.Set("Content-Type", "application/json")
		var c plain
		if err := binder.Bind(r, &c); err != nil {
			b.Fatal(err)
		}
	}
}
