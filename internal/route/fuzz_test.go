package route

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Inputs longer than these are skipped. Length alone reaches new coverage
// (every loop over the bytes has hit-count buckets up to 128+), and Go's
// fuzzer minimizes each new input with a pass that is quadratic in its
// length, uncounted in execs/s: unbounded, that shows as long stretches
// at 0 execs/s. The long-path seed stays within maxTarget.
const (
	maxMethod = 32
	maxTarget = 512
	maxValue  = 128
)

// FuzzRouteParams sends arbitrary methods and request targets through a
// mux built by Build, with egg's kinds of routes (parameters, a regexp, a
// wildcard, two parameters, a mount): nothing may panic, every answer is
// a known status, and a matched parameter is the decoded path segment —
// decoded once. A target net/http would refuse is skipped; the same
// target is also tried as a raw path a rewriting middleware could leave,
// where a bad escape must be a 400.
func FuzzRouteParams(f *testing.F) {
	for _, s := range []string{"/users/1", "/users/", "/users/%2F", "/users/%32", "/users/100%25", "/users/%2525",
		"/n/123", "/n/abc", "/files/a/b/c", "/files/a%2Fb", "//", "/users/1/edit", "/%zz", "/a/../b",
		"/users/\x00", "/ünï/cødé", "/users/1?x=%", "/posts/1/comments/2", "/legacy/x%2Fy", "/" + strings.Repeat("a/", 200)} {
		f.Add("GET", s)
	}
	f.Add("PATCH", "/posts/%31/comments/%2F")
	f.Add("DELETE", "/posts/9")
	f.Add("BREW", "/users/1")
	mux := testMux(f)
	f.Fuzz(func(t *testing.T, method, target string) {
		if len(method) > maxMethod || len(target) > maxTarget {
			return // see maxTarget
		}
		r, err := http.NewRequest(method, "http://example.com/", nil)
		if err != nil {
			return // not a method net/http sends
		}
		u, err := url.ParseRequestURI("/" + strings.TrimPrefix(target, "/"))
		if err == nil {
			r.URL = u
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			switch w.Code {
			case 200, 404, 405:
			default:
				t.Fatalf("%s %q: status %d %q", method, target, w.Code, w.Body.String())
			}
			routed := strings.TrimRight(u.EscapedPath(), "/") // a trailing slash is optional
			if seg, ok := strings.CutPrefix(routed, "/users/"); ok && w.Code == 200 && !strings.Contains(seg, "/") {
				want, err := url.PathUnescape(seg)
				if err != nil {
					t.Fatalf("%q: escaped path %q does not decode: %v", target, u.EscapedPath(), err)
				}
				if got := w.Body.String(); got != "id="+want {
					t.Fatalf("%q: got %q, want %q", target, got, "id="+want)
				}
			}
		}
		// the same bytes as a raw path beside a plain one
		r2, _ := http.NewRequest(method, "http://example.com/users/x", nil)
		r2.URL.RawPath = "/" + strings.TrimPrefix(target, "/")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r2)
		switch w.Code {
		case 200, 400, 404, 405:
		default:
			t.Fatalf("raw %s %q: status %d %q", method, target, w.Code, w.Body.String())
		}
		if w.Code == 400 && len(w.Body.String()) > 200 {
			t.Fatalf("raw %q: a 400 echoes %d bytes", target, w.Body.Len())
		}
	})
}

// FuzzPathForRoundTrip builds paths with Expand, as PathFor does, sends
// them as a client would and checks that the route receives exactly the
// values it was given: PathFor and Param are inverses.
func FuzzPathForRoundTrip(f *testing.F) {
	for _, s := range [][2]string{{"1", "a/b"}, {"a/b", "x y"}, {"%", "%25"}, {"%2F", "a%2Fb/c"}, {"ü é", "..//."},
		{"..", "."}, {"a+b", "?#"}, {"\x00\xff", "{id}"}, {" ", "a/"}} {
		f.Add(s[0], s[1])
	}
	mux := testMux(f)
	f.Fuzz(func(t *testing.T, id, rest string) {
		if len(id) > maxValue || len(rest) > maxValue {
			return // see maxTarget
		}
		check := func(pattern, key, value string) {
			path, ok := Expand(pattern, func(k string) (string, bool) { return value, k == key }, func(string) {})
			if !ok {
				if value != "" {
					t.Fatalf("Expand(%q, %q) failed", pattern, value)
				}
				return
			}
			u, err := url.ParseRequestURI(path)
			if err != nil {
				t.Fatalf("Expand(%q, %q) = %q, which is not a request target: %v", pattern, value, path, err)
			}
			r, _ := http.NewRequest("GET", "http://example.com/", nil)
			r.URL = u
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			if w.Code != 200 || w.Body.String() != key+"="+value {
				t.Fatalf("%q → %q: %d %q, want %q", value, path, w.Code, w.Body.String(), key+"="+value)
			}
		}
		check("/users/{id}", "id", id)
		// the wildcard gets what follows "/files/", but for a trailing
		// slash, which is optional (TrimSlash), and empty segments
		if !strings.Contains(rest, "//") && !strings.HasPrefix(rest, "/") && !strings.HasSuffix(rest, "/") {
			check("/files/*", "*", rest)
		}
	})
}
