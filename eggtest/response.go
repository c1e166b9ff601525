package eggtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// maxBodyInMessage is how much of a body a failure message shows.
const maxBodyInMessage = 1024

// Response is the app's answer to a Request. Its checks report a failure
// with t.Errorf (the test goes on) and return the Response, so they chain:
//
//	app.GET("/").Do().Status(200).Header("Content-Type", "application/json; charset=utf-8")
//
// Every message names the request, the status and the body (cut at 1 KiB).
type Response struct {
	t      testing.TB
	method string
	target string
	res    *http.Response
	body   []byte
}

// Status checks the status code.
func (r *Response) Status(want int) *Response {
	r.t.Helper()
	if r.res.StatusCode != want {
		r.fail("status = %d, want %d", r.res.StatusCode, want)
	}
	return r
}

// Header checks that the first value of a response header is want.
func (r *Response) Header(key, want string) *Response {
	r.t.Helper()
	if vs := r.res.Header.Values(key); len(vs) == 0 {
		r.fail("header %s is missing, want %q", key, want)
	} else if vs[0] != want {
		r.fail("header %s = %q, want %q", key, vs[0], want)
	}
	return r
}

// HeaderContains checks that a response header is present and its first
// value contains sub.
func (r *Response) HeaderContains(key, sub string) *Response {
	r.t.Helper()
	if vs := r.res.Header.Values(key); len(vs) == 0 {
		r.fail("header %s is missing, want it to contain %q", key, sub)
	} else if !strings.Contains(vs[0], sub) {
		r.fail("header %s = %q, want it to contain %q", key, vs[0], sub)
	}
	return r
}

// NoHeader checks that a response header is absent.
func (r *Response) NoHeader(key string) *Response {
	r.t.Helper()
	if vs := r.res.Header.Values(key); len(vs) > 0 {
		r.fail("header %s = %q, want it absent", key, strings.Join(vs, ", "))
	}
	return r
}

// BodyContains checks that the body contains sub.
func (r *Response) BodyContains(sub string) *Response {
	r.t.Helper()
	if !bytes.Contains(r.body, []byte(sub)) {
		r.fail("body does not contain %q", sub)
	}
	return r
}

// BodyEquals checks that the body is exactly want, byte for byte; compare
// JSON with JSONEquals, which ignores spacing and key order.
func (r *Response) BodyEquals(want string) *Response {
	r.t.Helper()
	if string(r.body) != want {
		r.fail("body is not %q", want)
	}
	return r
}

// JSON decodes the body into ptr; a body that does not decode fails the
// test (and leaves ptr as far as it got).
func (r *Response) JSON(ptr any) *Response {
	r.t.Helper()
	if err := json.Unmarshal(r.body, ptr); err != nil {
		r.fail("body does not decode into %T: %v", ptr, err)
	}
	return r
}

// JSONEquals checks that the body is JSON equal to want, whatever the key
// order and spacing.
func (r *Response) JSONEquals(want string) *Response {
	r.t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		r.t.Fatalf("eggtest: JSONEquals: the wanted value is not JSON: %v: %s", err, want)
	}
	var got any
	if err := json.Unmarshal(r.body, &got); err != nil {
		r.fail("body is not JSON (%v), want %s", err, want)
	} else if !reflect.DeepEqual(got, w) {
		r.fail("body is not the JSON %s", want)
	}
	return r
}

// Code returns the status code.
func (r *Response) Code() int { return r.res.StatusCode }

// Body returns the body.
func (r *Response) Body() string { return string(r.body) }

// Result returns the response as an *http.Response, its body readable
// from the start.
func (r *Response) Result() *http.Response {
	r.res.Body = io.NopCloser(bytes.NewReader(r.body))
	return r.res
}

// fail reports a failed check with the request, status and body.
func (r *Response) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Errorf("%s %s → %d: %s\nbody: %s", r.method, r.target, r.res.StatusCode,
		fmt.Sprintf(format, args...), shorten(r.body))
}

// shorten quotes a body for a message, cut at maxBodyInMessage bytes.
func shorten(b []byte) string {
	if len(b) == 0 {
		return "(empty)"
	}
	if len(b) > maxBodyInMessage {
		return fmt.Sprintf("%s… (%d bytes in all)", b[:maxBodyInMessage], len(b))
	}
	return string(bytes.TrimRight(b, "\n"))
}
