package onerror

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var testStack = []byte("goroutine 1 [running]:\nmain.main()\n\t/app/<main>.go:3")

func problem404() Problem {
	return Problem{Status: 404, Code: "not_found", Message: "no <user> 42"}
}

func problem500(stack bool) Problem {
	p := Problem{Status: 500, Message: "db <down>", Err: errors.New("boom")}
	if stack {
		p.Stack = testStack
	}
	return p
}

func render(t *testing.T, method string, accept string, p Problem, env string, cfg Config) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/users/42", nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	Render(w, r, p, env, cfg)
	return w
}

const (
	ctJSON = "application/json; charset=utf-8"
	ctHTML = "text/html; charset=utf-8"
	ctText = "text/plain; charset=utf-8"
)

// TestRenderMatrix covers env × Accept × status × panic stack. A want body
// starting with "~" is a local dev page, checked for the listed fragments.
func TestRenderMatrix(t *testing.T) {
	accepts := map[string]string{"json": "application/json", "browser": browserAccept, "curl": "*/*"}
	type want struct{ ctype, body string }
	j404 := want{ctJSON, `{"code":"not_found","message":"no <user> 42"}` + "\n"}
	t404 := want{ctText, "no <user> 42\n"}
	t500 := want{ctText, "db <down>\n"}
	wants := map[string]want{
		"local/json/404/nostack":    j404,
		"local/json/404/stack":      j404,
		"local/json/500/nostack":    {ctJSON, `{"message":"db <down>","name":"*errors.errorString","stack":"*errors.errorString: boom"}` + "\n"},
		"local/json/500/stack":      {ctJSON, `{"message":"db <down>","name":"*errors.errorString","stack":"goroutine 1 [running]:\nmain.main()\n\t/app/<main>.go:3"}` + "\n"},
		"local/browser/404/nostack": {ctHTML, "~<title>404 Not Found</title>|<p>no &lt;user&gt; 42</p>|<code>not_found</code>"},
		"local/browser/404/stack":   {ctHTML, "~<p>no &lt;user&gt; 42</p>"},
		"local/browser/500/nostack": {ctHTML, "~<p>db &lt;down&gt;</p>|<h2>*errors.errorString</h2>|<pre>*errors.errorString: boom</pre>"},
		"local/browser/500/stack":   {ctHTML, "~<p>db &lt;down&gt;</p>|<pre>goroutine 1 [running]:\nmain.main()\n\t/app/&lt;main&gt;.go:3</pre>"},
		"local/curl/404/nostack":    t404,
		"local/curl/404/stack":      t404,
		"local/curl/500/nostack":    t500,
		"local/curl/500/stack":      t500,

		"unittest/json/404/nostack":    j404,
		"unittest/json/404/stack":      j404,
		"unittest/json/500/nostack":    {ctJSON, `{"message":"db <down>"}` + "\n"},
		"unittest/json/500/stack":      {ctJSON, `{"message":"db <down>"}` + "\n"},
		"unittest/browser/404/nostack": t404,
		"unittest/browser/404/stack":   t404,
		"unittest/browser/500/nostack": t500,
		"unittest/browser/500/stack":   t500,
		"unittest/curl/404/nostack":    t404,
		"unittest/curl/404/stack":      t404,
		"unittest/curl/500/nostack":    t500,
		"unittest/curl/500/stack":      t500,

		"prod/json/404/nostack":    j404,
		"prod/json/404/stack":      j404,
		"prod/json/500/nostack":    {ctJSON, `{"message":"Internal Server Error"}` + "\n"},
		"prod/json/500/stack":      {ctJSON, `{"message":"Internal Server Error"}` + "\n"},
		"prod/browser/404/nostack": {ctHTML, "<h2>404 no &lt;user&gt; 42</h2>\n"},
		"prod/browser/404/stack":   {ctHTML, "<h2>404 no &lt;user&gt; 42</h2>\n"},
		"prod/browser/500/nostack": {ctHTML, "<h2>Internal Server Error, real status: 500</h2>\n"},
		"prod/browser/500/stack":   {ctHTML, "<h2>Internal Server Error, real status: 500</h2>\n"},
		"prod/curl/404/nostack":    t404,
		"prod/curl/404/stack":      t404,
		"prod/curl/500/nostack":    {ctText, "Internal Server Error\n"},
		"prod/curl/500/stack":      {ctText, "Internal Server Error\n"},
	}
	for _, env := range []string{"local", "unittest", "prod"} {
		for _, acc := range []string{"json", "browser", "curl"} {
			for _, status := range []int{404, 500} {
				for _, stack := range []bool{false, true} {
					key := fmt.Sprintf("%s/%s/%d/%s", env, acc, status, map[bool]string{false: "nostack", true: "stack"}[stack])
					t.Run(key, func(t *testing.T) {
						want, ok := wants[key]
						if !ok {
							t.Fatalf("no expectation for %s", key)
						}
						p := problem404()
						if status == 500 {
							p = problem500(stack)
						} else if stack {
							p.Stack = testStack
						}
						w := render(t, http.MethodGet, accepts[acc], p, env, DefaultConfig())
						if w.Code != status {
							t.Errorf("status = %d, want %d", w.Code, status)
						}
						if got := w.Header().Get("Content-Type"); got != want.ctype {
							t.Errorf("Content-Type = %q, want %q", got, want.ctype)
						}
						if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
							t.Errorf("X-Content-Type-Options = %q", got)
						}
						if got := w.Header().Get("Vary"); got != "Accept" {
							t.Errorf("Vary = %q", got)
						}
						body := w.Body.String()
						if frags, ok := strings.CutPrefix(want.body, "~"); ok {
							if !strings.HasPrefix(body, "<!DOCTYPE html>") {
								t.Errorf("want a dev page, got %q", body)
							}
							for _, f := range strings.Split(frags, "|") {
								if !strings.Contains(body, f) {
									t.Errorf("dev page lacks %q:\n%s", f, body)
								}
							}
							if strings.Contains(body, "<user>") || strings.Contains(body, "<down>") || strings.Contains(body, "<main>") {
								t.Errorf("dev page has unescaped input:\n%s", body)
							}
							return
						}
						if body != want.body {
							t.Errorf("body = %q\nwant   %q", body, want.body)
						}
					})
				}
			}
		}
	}
}

func TestRenderDevPageExact(t *testing.T) {
	p := Problem{Status: 422, Code: "invalid_param", Message: "Validation <Failed>",
		Errors: []map[string]string{{"field": "<x>"}}, Props: map[string]any{"hint": "a&b"}}
	w := render(t, http.MethodGet, browserAccept, p, "local", DefaultConfig())
	want := `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>422 Unprocessable Entity</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}pre{background:#f4f4f4;padding:1em;overflow:auto}</style>
</head>
<body>
<h1>422 Unprocessable Entity</h1>
<p>Validation &lt;Failed&gt;</p>
<p>code: <code>invalid_param</code></p>
<h2>Errors</h2>
<pre>[{&#34;field&#34;:&#34;&lt;x&gt;&#34;}]</pre>
<h2>Props</h2>
<pre>{&#34;hint&#34;:&#34;a&amp;b&#34;}</pre>
<p><small>Shown because the app runs in the local env; other envs show a short message.</small></p>
</body>
</html>
`
	if got := w.Body.String(); got != want {
		t.Errorf("dev page:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderStatus(t *testing.T) {
	tests := []struct {
		status     int
		wantStatus int
		wantBody   string
	}{
		{0, 500, `{"message":"Internal Server Error"}`},
		{-1, 500, `{"message":"Internal Server Error"}`},
		{100, 500, `{"message":"Internal Server Error"}`},
		{199, 500, `{"message":"Internal Server Error"}`},
		{1000, 500, `{"message":"Internal Server Error"}`},
		{200, 200, `{"message":"m"}`},
		{302, 302, `{"message":"m"}`},
		{400, 400, `{"message":"m"}`},
		{499, 499, `{"message":"m"}`},
		{503, 503, `{"message":"Service Unavailable"}`},
		{599, 599, `{"message":"Internal Server Error"}`},
		{999, 999, `{"message":"Internal Server Error"}`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			w := render(t, http.MethodGet, "application/json", Problem{Status: tt.status, Message: "m"}, "prod", DefaultConfig())
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
			}
			if got := strings.TrimSuffix(w.Body.String(), "\n"); got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
		})
	}
}

func TestRenderEmptyMessage(t *testing.T) {
	tests := []struct {
		status int
		want   string
	}{
		{404, "Not Found\n"},
		{499, "Error\n"},
		{500, "Internal Server Error\n"},
	}
	for _, tt := range tests {
		w := render(t, http.MethodGet, "", Problem{Status: tt.status}, "local", DefaultConfig())
		if got := w.Body.String(); got != tt.want {
			t.Errorf("%d: body = %q, want %q", tt.status, got, tt.want)
		}
	}
}

func TestRenderErrorsAndProps(t *testing.T) {
	type fe struct {
		Message string `json:"message"`
		Field   string `json:"field"`
		Code    string `json:"code"`
	}
	errs := []fe{{"required", "name", "missing_field"}}
	props := map[string]any{
		"zeta": 1, "alpha": "a", "code": "override", "message": "override", "errors": "override",
		"name": "override", "stack": "override", "bad": make(chan int), "fn": func() {},
	}
	tests := []struct {
		name   string
		status int
		env    string
		want   string
	}{
		{"4xx prod", 422, "prod", `{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"}],"alpha":"a","zeta":1}`},
		{"4xx local", 422, "local", `{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"}],"alpha":"a","zeta":1}`},
		{"5xx prod hides errors and props", 500, "prod", `{"code":"invalid_param","message":"Internal Server Error"}`},
		{"5xx staging hides too", 502, "staging", `{"code":"invalid_param","message":"Bad Gateway"}`},
		{"5xx unittest shows", 500, "unittest", `{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"}],"alpha":"a","zeta":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Problem{Status: tt.status, Code: "invalid_param", Message: "Validation Failed", Errors: errs, Props: props}
			w := render(t, http.MethodPost, "application/json", p, tt.env, DefaultConfig())
			if got := strings.TrimSuffix(w.Body.String(), "\n"); got != tt.want {
				t.Errorf("body = %s\nwant   %s", got, tt.want)
			}
		})
	}
}

func TestRenderUnencodableErrors(t *testing.T) {
	w := render(t, http.MethodGet, "application/json", Problem{Status: 400, Message: "m", Errors: []any{make(chan int)}}, "prod", DefaultConfig())
	if got := w.Body.String(); got != `{"message":"m"}`+"\n" {
		t.Errorf("body = %q", got)
	}
}

type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("boom") }

type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg } // panics on a nil receiver

type unwrapPanics struct{}

func (unwrapPanics) Error() string { return "u" }
func (unwrapPanics) Unwrap() error { panic("unwrap") }

func TestRenderNeverPanics(t *testing.T) {
	var typedNil *nilErr
	problems := []Problem{
		{},
		{Status: 500, Err: typedNil},
		{Status: 500, Err: unwrapPanics{}},
		{Status: 400, Props: map[string]any{"p": panicky{}}, Errors: panicky{}},
		{Status: 500, Err: errors.Join(nil)},
		{Status: 400, Header: http.Header{"x-lower": {"v"}}},
	}
	for i, p := range problems {
		for _, env := range []string{"local", "unittest", "prod", ""} {
			for _, accept := range []string{"application/json", browserAccept, "", "*/*"} {
				t.Run(fmt.Sprintf("%d/%s/%s", i, env, accept), func(t *testing.T) {
					w := render(t, http.MethodGet, accept, p, env, DefaultConfig())
					if w.Code < 200 || w.Body.Len() == 0 {
						t.Errorf("status %d body %q", w.Code, w.Body.String())
					}
				})
			}
		}
	}
	// nil request
	w := httptest.NewRecorder()
	Render(w, nil, Problem{Status: 418}, "prod", DefaultConfig())
	if w.Code != 418 || w.Body.String() != "I'm a teapot\n" {
		t.Errorf("nil request: %d %q", w.Code, w.Body.String())
	}
}

func TestRenderTypedNilErrChain(t *testing.T) {
	var typedNil *nilErr
	w := render(t, http.MethodGet, "application/json", Problem{Status: 500, Err: fmt.Errorf("wrap: %w", typedNil)}, "local", DefaultConfig())
	want := `{"message":"Internal Server Error","name":"*fmt.wrapError","stack":"*fmt.wrapError: wrap: <nil>\n  *onerror.nilErr: <*onerror.nilErr: Error() panicked>"}` + "\n"
	if got := w.Body.String(); got != want {
		t.Errorf("body = %s\nwant   %s", got, want)
	}
}

func TestRenderJoinedChain(t *testing.T) {
	err := fmt.Errorf("save: %w", errors.Join(errors.New("a"), fmt.Errorf("b: %w", errors.New("c"))))
	w := render(t, http.MethodGet, "application/json", Problem{Status: 500, Err: err}, "local", DefaultConfig())
	want := `{"message":"Internal Server Error","name":"*fmt.wrapError","stack":"*fmt.wrapError: save: a\nb: c\n  *errors.joinError: a\nb: c\n    *errors.errorString: a\n    *fmt.wrapError: b: c\n      *errors.errorString: c"}` + "\n"
	if got := w.Body.String(); got != want {
		t.Errorf("body = %s\nwant   %s", got, want)
	}
}

func TestRenderHeaders(t *testing.T) {
	w := httptest.NewRecorder()
	w.Header().Set("Content-Length", "12345")
	w.Header().Set("Content-Type", "image/png")
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	p := Problem{Status: 405, Message: "Method Not Allowed", Header: http.Header{
		"Allow":        {"GET", "HEAD"},
		"content-type": {"text/evil"},
		"Retry-After":  {"5"},
	}}
	Render(w, r, p, "prod", DefaultConfig())
	h := w.Header()
	if got := h.Values("Allow"); len(got) != 2 || got[0] != "GET" || got[1] != "HEAD" {
		t.Errorf("Allow = %q", got)
	}
	if got := h.Get("Retry-After"); got != "5" {
		t.Errorf("Retry-After = %q", got)
	}
	if got := h.Get("Content-Type"); got != ctText {
		t.Errorf("Content-Type = %q", got)
	}
	if got := h.Get("Content-Length"); got != "" {
		t.Errorf("Content-Length = %q, want it deleted", got)
	}
	// Render copies the header values, so the Problem is not aliased.
	h["Allow"][0] = "X"
	if p.Header["Allow"][0] != "GET" {
		t.Error("Render aliased the Problem's header slice")
	}
}

func TestRenderHEAD(t *testing.T) {
	for _, accept := range []string{"application/json", browserAccept, "*/*"} {
		w := render(t, http.MethodHead, accept, Problem{Status: 404, Message: "gone"}, "prod", DefaultConfig())
		if w.Code != 404 || w.Body.Len() != 0 {
			t.Errorf("%s: HEAD got %d %q", accept, w.Code, w.Body.String())
		}
		if w.Header().Get("Content-Type") == "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: HEAD headers %v", accept, w.Header())
		}
	}
}

func TestRenderForcedFormat(t *testing.T) {
	p := Problem{Status: 400, Code: "bad", Message: "nope"}
	tests := []struct {
		format, ctype, body string
	}{
		{FormatJSON, ctJSON, `{"code":"bad","message":"nope"}` + "\n"},
		{FormatHTML, ctHTML, "<h2>400 nope</h2>\n"},
		{FormatText, ctText, "nope\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			w := render(t, http.MethodGet, "application/json", p, "prod", Config{Format: tt.format})
			if w.Header().Get("Content-Type") != tt.ctype || w.Body.String() != tt.body {
				t.Errorf("got %q %q", w.Header().Get("Content-Type"), w.Body.String())
			}
			if w.Header().Get("Vary") != "" {
				t.Error("a forced format should not vary on Accept")
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	for _, f := range []string{"", "json", "html", "text"} {
		c := Config{Format: f}
		if err := c.Validate(); err != nil {
			t.Errorf("%q: %v", f, err)
		}
	}
	c := Config{Format: "xml"}
	err := c.Validate()
	if err == nil || err.Error() != `egg: config field Format is invalid: unknown format "xml"; use "json", "html", "text" or "" to negotiate` {
		t.Errorf("err = %v", err)
	}
}

func TestProduction(t *testing.T) {
	for env, want := range map[string]bool{"local": false, "unittest": false, "prod": true, "staging": true, "": true, "Local": true} {
		if got := Production(env); got != want {
			t.Errorf("Production(%q) = %v, want %v", env, got, want)
		}
	}
}
