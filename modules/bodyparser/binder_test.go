package bodyparser

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestBindSource(t *testing.T) {
	const q = "/?name=Query"
	tests := []struct {
		name string
		req  func() *http.Request
		want string // the decoded name, or an error body
	}{
		{"GET query", func() *http.Request { return httptest.NewRequest(http.MethodGet, q, nil) }, "Query"},
		{"HEAD query", func() *http.Request { return httptest.NewRequest(http.MethodHead, q, nil) }, "Query"},
		{"DELETE query", func() *http.Request { return httptest.NewRequest(http.MethodDelete, q, nil) }, "Query"},
		{"OPTIONS query", func() *http.Request { return httptest.NewRequest(http.MethodOptions, q, nil) }, "Query"},
		{"GET with Content-Type, no body", func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, q, nil)
			r.Header.Set("Content-Type", "application/json")
			return r
		}, "Query"},
		{"DELETE with Content-Type and empty body", func() *http.Request {
			r := httptest.NewRequest(http.MethodDelete, q, strings.NewReader(""))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, "Query"},
		{"POST without body", func() *http.Request { return httptest.NewRequest(http.MethodPost, q, nil) }, "Query"},
		{"POST nil Body", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, q, nil)
			r.Body = nil
			return r
		}, "Query"},
		{"POST empty chunked body, no Content-Type", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, q, chunked{strings.NewReader("")})
			return r
		}, "Query"},
		{"POST empty JSON body", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, q, strings.NewReader(""))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, invalid(missing("name"))},
		{"GET with JSON body", func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, q, strings.NewReader(`{"name":"Body"}`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, "Body"},
		{"PUT JSON ignores query", func() *http.Request {
			r := httptest.NewRequest(http.MethodPut, q, strings.NewReader(`{"name":"Body"}`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, "Body"},
		{"PATCH chunked JSON", func() *http.Request {
			r := httptest.NewRequest(http.MethodPatch, q, chunked{strings.NewReader(`{"name":"Body"}`)})
			r.Header.Set("Content-Type", "application/json")
			r.TransferEncoding = []string{"chunked"}
			return r
		}, "Body"},
		{"POST body without Content-Type", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, q, strings.NewReader(`{"name":"Body"}`))
		}, errJSON(415, "unsupported_media_type", "the request has a body but no Content-Type; send application/json or application/x-www-form-urlencoded")},
		{"POST chunked body without Content-Type", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, q, chunked{strings.NewReader(`x`)})
		}, errJSON(415, "unsupported_media_type", "the request has a body but no Content-Type; send application/json or application/x-www-form-urlencoded")},
		{"POST failing body without Content-Type", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, q, &failingReader{})
		}, errJSON(400, "invalid_body", "could not read the request body: unexpected EOF")},
	}
	b := New(DefaultConfig())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u user
			err := b.Bind(tt.req(), &u)
			got := errBody(err)
			if err == nil {
				got = u.Name
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestBindContentType(t *testing.T) {
	both := "application/json or application/x-www-form-urlencoded"
	tests := []struct {
		name, ctype, encoding string
		types                 []string
		want                  string
	}{
		{name: "json", ctype: "application/json", want: "<nil>"},
		{name: "malformed", ctype: "json", want: errJSON(400, "invalid_content_type", `malformed Content-Type "json": want type/subtype; send `+both)},
		{name: "malformed slash", ctype: "/json", want: errJSON(400, "invalid_content_type", `malformed Content-Type "/json": mime: no media type; send `+both)},
		{name: "no subtype", ctype: "application/", want: errJSON(400, "invalid_content_type", `malformed Content-Type "application/": mime: expected token after slash; send `+both)},
		{name: "bad char", ctype: "application/js{on", want: errJSON(415, "unsupported_media_type", "unsupported content type application/js{on; send "+both)},
		{name: "only params", ctype: "; charset=utf-8", want: errJSON(400, "invalid_content_type", `malformed Content-Type "; charset=utf-8": mime: no media type; send `+both)},
		{name: "malformed long is truncated", ctype: strings.Repeat("x", 200), want: errJSON(400, "invalid_content_type", `malformed Content-Type "`+strings.Repeat("x", 100)+`...": want type/subtype; send `+both)},
		{name: "text/plain", ctype: "text/plain", want: errJSON(415, "unsupported_media_type", "unsupported content type text/plain; send "+both)},
		{name: "xml", ctype: "application/xml; charset=utf-8", want: errJSON(415, "unsupported_media_type", "unsupported content type application/xml; send "+both)},
		{name: "multipart", ctype: "multipart/form-data; boundary=x", want: errJSON(415, "unsupported_media_type", "multipart/form-data bodies are not supported here; send "+both)},
		{name: "gzip", ctype: "application/json", encoding: "gzip", want: errJSON(415, "unsupported_media_type", `compressed request bodies (Content-Encoding "gzip") are not supported; send the body uncompressed`)},
		{name: "identity encoding", ctype: "application/json", encoding: "identity", want: "<nil>"},
		{name: "json disabled", ctype: "application/json", types: []string{"form"}, want: errJSON(415, "unsupported_media_type", "unsupported content type application/json; send application/x-www-form-urlencoded")},
		{name: "form disabled", ctype: "application/x-www-form-urlencoded", types: []string{"JSON "}, want: errJSON(415, "unsupported_media_type", "unsupported content type application/x-www-form-urlencoded; send application/json")},
		{name: "all disabled", ctype: "application/json", types: []string{}, want: errJSON(415, "unsupported_media_type", "unsupported content type application/json; send no body (request bodies are disabled: bodyparser EnableTypes is empty)")},
		{name: "form latin1", ctype: "application/x-www-form-urlencoded; charset=ISO-8859-1", want: errJSON(415, "unsupported_media_type", `unsupported charset "ISO-8859-1"; send UTF-8`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if tt.types != nil {
				cfg.EnableTypes = tt.types
			}
			body := `{"name":"Al"}`
			if strings.Contains(tt.ctype, "urlencoded") {
				body = "name=Al"
			}
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			r.Header.Set("Content-Type", tt.ctype)
			if tt.encoding != "" {
				r.Header.Set("Content-Encoding", tt.encoding)
			}
			var u user
			if got := errBody(New(cfg).Bind(r, &u)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestBindProgrammerErrors(t *testing.T) {
	b := New(DefaultConfig())
	r := httptest.NewRequest(http.MethodGet, "/?name=Al", nil)
	var nilUser *user
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"nil", func() error { return b.Bind(r, nil) }, "bodyparser: Bind needs a non-nil pointer to a struct, got <nil>"},
		{"struct value", func() error { return b.Bind(r, user{}) }, "bodyparser: Bind needs a non-nil pointer to a struct, got bodyparser.user"},
		{"nil pointer", func() error { return b.Bind(r, nilUser) }, "bodyparser: Bind needs a non-nil pointer to a struct, got *bodyparser.user"},
		{"pointer to int", func() error { return b.Bind(r, new(int)) }, "bodyparser: Bind needs a non-nil pointer to a struct, got *int"},
		{"pointer to map", func() error { return b.Bind(r, &map[string]any{}) }, "bodyparser: Bind needs a non-nil pointer to a struct, got *map[string]interface {}"},
		{"pointer to pointer", func() error { u := &user{}; return b.Bind(r, &u) }, "bodyparser: Bind needs a non-nil pointer to a struct, got **bodyparser.user"},
		{"BindQuery", func() error { return b.BindQuery(r, 1) }, "bodyparser: BindQuery needs a non-nil pointer to a struct, got int"},
		{"Validate", func() error { return b.Validate("x") }, "bodyparser: Validate needs a non-nil pointer to a struct, got string"},
		{"nil request", func() error { return b.Bind(nil, &user{}) }, "bodyparser: Bind needs a request, got nil"},
		{"nil request query", func() error { return b.BindQuery(nil, &user{}) }, "bodyparser: BindQuery needs a request, got nil"},
		{"bad validate tag", func() error {
			var v struct {
				N int `json:"n" validate:"min=abc"`
			}
			return b.Bind(r, &v)
		}, "bodyparser: validating *struct { N int \"json:\\\"n\\\" validate:\\\"min=abc\\\"\" } panicked (check its validate tags): strconv.ParseInt: parsing \"abc\": invalid syntax"},
		{"unknown validate tag", func() error {
			var v struct {
				N int `validate:"nosuchrule"`
			}
			return b.Validate(&v)
		}, "bodyparser: validating *struct { N int \"validate:\\\"nosuchrule\\\"\" } panicked (check its validate tags): Undefined validation function 'nosuchrule' on field 'N'"},
		{"non-empty interface field", func() error {
			var v struct {
				S fmt.Stringer `json:"s"`
			}
			return b.Bind(httptest.NewRequest(http.MethodGet, "/?s=x", nil), &v)
		}, "bodyparser: decoding form values into *struct { S fmt.Stringer \"json:\\\"s\\\"\" } panicked (check its field types): reflect.Set: value of type string is not assignable to type fmt.Stringer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if got := errBody(err); got != "plain: "+tt.want {
				t.Errorf("got  %s\nwant plain: %s", got, tt.want)
			}
		})
	}
}

func TestBindQueryMethod(t *testing.T) {
	b := New(DefaultConfig())
	r := jsonReq(`{"name":"Body"}`)
	r.URL.RawQuery = "name=Query&age=x"
	var u user
	if got, want := errBody(b.BindQuery(r, &u)), invalid(bad("age", "should be an integer")); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r.URL.RawQuery = "name=Query"
	u = user{}
	if err := b.BindQuery(r, &u); err != nil || u.Name != "Query" {
		t.Errorf("BindQuery = %v, name %q", err, u.Name)
	}
	// The body is still there for Bind.
	u = user{}
	if err := b.Bind(r, &u); err != nil || u.Name != "Body" {
		t.Errorf("Bind = %v, name %q", err, u.Name)
	}
	r.URL = nil
	u = user{}
	if err := b.BindQuery(r, &u); status(err) != 422 {
		t.Errorf("BindQuery without URL = %s", errBody(err))
	}
}

func TestValidateMethod(t *testing.T) {
	b := New(DefaultConfig())
	if err := b.Validate(&user{Name: "Al"}); err != nil {
		t.Errorf("Validate = %v", err)
	}
	got := errBody(b.Validate(&user{Age: -1}))
	if want := invalid(missing("name"), bad("age", "should be at least 0")); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestErrorMethods(t *testing.T) {
	b := New(DefaultConfig())
	var u user
	err := b.Bind(jsonReq(`{"age":-1}`), &u)
	if got, want := err.Error(), "bodyparser: 422 invalid_param: Validation Failed (name: required; age: should be at least 0)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Unwrap() == nil {
		t.Fatal("a validation error should wrap the validator's error")
	}
	err = b.Bind(jsonReq(`{`), &u)
	if got, want := err.Error(), "bodyparser: 400 invalid_json: Problems parsing JSON: unexpected end of JSON input at byte 1"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	u = user{}
	err = b.Bind(jsonReq(`{"x":1}`), &u)
	if got, want := err.Error(), "bodyparser: 422 invalid_param: Validation Failed (name: required)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestNewDefaults(t *testing.T) {
	b := New(Config{})
	want := settings{jsonLimit: DefaultLimit, formLimit: DefaultLimit, json: true, form: true}
	if b.s != want {
		t.Errorf("settings = %+v, want %+v", b.s, want)
	}
	b = New(Config{JSONLimit: -1, FormLimit: 5, EnableTypes: []string{"nope", " Form"}, Strict: true})
	want = settings{jsonLimit: DefaultLimit, formLimit: 5, form: true, strict: true}
	if b.s != want {
		t.Errorf("settings = %+v, want %+v", b.s, want)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(*Config)
		want string
	}{
		{"defaults", func(*Config) {}, ""},
		{"types any case", func(c *Config) { c.EnableTypes = []string{" JSON", "form "} }, ""},
		{"no types", func(c *Config) { c.EnableTypes = nil }, ""},
		{"zero json limit", func(c *Config) { c.JSONLimit = 0 }, "egg: config field JSONLimit is invalid: must be a positive number of bytes, e.g. 1048576 (1 MiB)"},
		{"negative form limit", func(c *Config) { c.FormLimit = -5 }, "egg: config field FormLimit is invalid: must be a positive number of bytes, e.g. 1048576 (1 MiB)"},
		{"unknown type", func(c *Config) { c.EnableTypes = []string{"json", "text"} }, `egg: config field EnableTypes is invalid: has unknown type "text"; use "json" and/or "form" (multipart bodies are read with modules/multipart, not Bind)`},
		{"several: the first", func(c *Config) { c.JSONLimit, c.EnableTypes = 0, []string{"xml"} }, "egg: config field JSONLimit is invalid: must be a positive number of bytes, e.g. 1048576 (1 MiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.cfg(&c)
			got := ""
			if err := c.Validate(); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestConcurrentBind shares one Binder across goroutines and struct types;
// run with -race.
func TestConcurrentBind(t *testing.T) {
	b := New(DefaultConfig())
	type other struct {
		ID  int    `json:"id" validate:"required"`
		Tag string `json:"tag" validate:"max=3"`
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 4 {
			case 0:
				var u user
				if err := b.Bind(jsonReq(fmt.Sprintf(`{"name":"n%d","items":[{"sku":"a","qty":1}]}`, i%10)), &u); err != nil {
					errs <- errBody(err)
				}
			case 1:
				var u user
				if err := b.Bind(formReq(fmt.Sprintf("name=n%d&tags[]=ab&items[0].sku=a&items[0].qty=1", i%10)), &u); err != nil {
					errs <- errBody(err)
				}
			case 2:
				var o other
				if err := b.Bind(httptest.NewRequest(http.MethodGet, fmt.Sprintf("/?id=%d", i), nil), &o); err != nil || o.ID != i {
					errs <- fmt.Sprint(errBody(err), o)
				}
			case 3:
				var o other
				if got := errBody(b.Bind(jsonReq(`{"tag":"long"}`), &o)); got != invalid(missing("id"), bad("tag", "length should be at most 3")) {
					errs <- got
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestServer binds requests a real client sends over TCP, including ones
// whose headers lie about the body.
func TestServer(t *testing.T) {
	cfg := DefaultConfig()
	cfg.JSONLimit = 64
	b := New(cfg)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u user
		if err := b.Bind(r, &u); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				http.Error(w, err.Error(), 500)
				return
			}
			http.Error(w, e.Code, e.Status)
			return
		}
		fmt.Fprint(w, u.Name)
	}))
	defer srv.Close()

	tests := []struct {
		name string
		raw  string // request bytes after the request line and Host
		want string // status line and body
	}{
		{"json", "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"Al\"}", "200 Al"},
		{"query", "\r\n", "200 Q"},
		{"chunked json", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nd\r\n{\"name\":\"Al\"}\r\n0\r\n\r\n", "200 Al"},
		{"chunked over the limit", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" + strings.Repeat(" ", 0x50) + "\r\n0\r\n\r\n", "413 entity.too.large"},
		{"Content-Length over the limit", "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{}", "413 entity.too.large"},
		{"Content-Length longer than the body", "Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"name\":\"Al\"}", "400 invalid_body"},
		{"bad chunking", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "400 invalid_body"},
		{"form", "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\nname=Al", "200 Al"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.DialTimeout("tcp", srv.Listener.Addr().String(), 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(conn, "POST /?name=Q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"+tt.raw); err != nil {
				t.Fatal(err)
			}
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if got := fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
