package eggtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
)

// Request is a request being built (supertest's request). Each method
// returns the Request, so a test reads as one chain; Do sends it. A Request
// may be sent more than once.
type Request struct {
	app        *App
	method     string
	target     string
	header     http.Header
	query      url.Values
	cookies    []*http.Cookie
	body       []byte
	remoteAddr string
	host       string
}

// Header sets a request header, replacing earlier values of it.
func (r *Request) Header(key, value string) *Request {
	r.header.Set(key, value)
	return r
}

// Query adds a query parameter, after any already in the path. Call it
// again with the same key to repeat the key.
func (r *Request) Query(key, value string) *Request {
	if r.query == nil {
		r.query = url.Values{}
	}
	r.query.Add(key, value)
	return r
}

// Cookie adds a cookie to the request.
func (r *Request) Cookie(c *http.Cookie) *Request {
	r.cookies = append(r.cookies, c)
	return r
}

// JSON sends v marshalled as JSON, with Content-Type application/json. A
// value that cannot be marshalled fails the test at once. To send JSON
// that is malformed on purpose, use Body.
func (r *Request) JSON(v any) *Request {
	r.app.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		r.app.t.Fatalf("eggtest: %s %s: cannot marshal the JSON body %T: %v", r.method, r.target, v, err)
	}
	return r.Body("application/json", string(b))
}

// Form sends values as an application/x-www-form-urlencoded body.
func (r *Request) Form(values url.Values) *Request {
	return r.Body("application/x-www-form-urlencoded", values.Encode())
}

// Multipart sends m as a multipart/form-data body, with its Content-Type
// and boundary.
func (r *Request) Multipart(m *MultipartBody) *Request {
	ct, body := m.encode()
	return r.Body(ct, string(body))
}

// Body sends body with the given Content-Type (none if contentType is "").
func (r *Request) Body(contentType, body string) *Request {
	r.body = []byte(body)
	if contentType == "" {
		r.header.Del("Content-Type")
	} else {
		r.header.Set("Content-Type", contentType)
	}
	return r
}

// RemoteAddr sets the client address ("ip:port"); the default is
// 192.0.2.1:1234.
func (r *Request) RemoteAddr(addr string) *Request {
	r.remoteAddr = addr
	return r
}

// Host sets the request's Host; the default is example.com.
func (r *Request) Host(host string) *Request {
	r.host = host
	return r
}

// Do serves the request through the app, in memory, and returns the
// response to check. An invalid path fails the test at once.
func (r *Request) Do() *Response {
	t := r.app.t
	t.Helper()
	target := r.target
	if len(r.query) > 0 {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + r.query.Encode()
	}
	if _, err := url.ParseRequestURI(target); err != nil || !strings.HasPrefix(target, "/") {
		t.Fatalf("eggtest: %s %q: the path must begin with / and be a valid request URI", r.method, target)
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req := httptest.NewRequestWithContext(t.Context(), r.method, target, body)
	for k, v := range r.app.header {
		req.Header[k] = append([]string(nil), v...)
	}
	for k, v := range r.header {
		req.Header[k] = append([]string(nil), v...)
	}
	if r.remoteAddr != "" {
		req.RemoteAddr = r.remoteAddr
	}
	if r.host != "" {
		req.Host = r.host
	}
	var jarAt *url.URL
	if r.app.jar != nil {
		jarAt = jarURL(req.Host, req.URL.Path)
		for _, c := range r.app.jar.Cookies(jarAt) {
			req.AddCookie(c)
		}
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	r.app.ServeHTTP(rec, req)
	res := rec.Result()
	if jarAt != nil {
		r.app.jar.SetCookies(jarAt, res.Cookies())
	}
	b, _ := io.ReadAll(res.Body) // a recorder's body cannot fail
	if r.method == http.MethodHead {
		b = nil // a real server sends no body for HEAD
	}
	res.Body = io.NopCloser(bytes.NewReader(b))
	return &Response{t: t, method: r.method, target: target, res: res, body: b}
}
