package static_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/static"
)

func TestServesAFileWithETag(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	res, body := do(t, srv, "GET", "/public/app.css")
	if res.StatusCode != 200 || body != cssBody {
		t.Fatalf("GET /public/app.css = %d %q, want 200 %q", res.StatusCode, body, cssBody)
	}
	etag := res.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 10 {
		t.Errorf("ETag = %q, want a strong quoted tag", etag)
	}
	if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
		t.Errorf("Content-Type = %q, want text/css", got)
	}
	if res.Header.Get("Last-Modified") == "" {
		t.Error("no Last-Modified: a directory has modification times")
	}
	if got := res.Header.Get("Accept-Ranges"); got != "bytes" {
		t.Errorf("Accept-Ranges = %q, want bytes", got)
	}
	res2, _ := do(t, srv, "GET", "/public/app.css")
	if got := res2.Header.Get("ETag"); got != etag {
		t.Errorf("second ETag = %q, want the same %q", got, etag)
	}
	other, _ := do(t, srv, "GET", "/public/js/app.js")
	if other.Header.Get("ETag") == etag {
		t.Error("two files with different content share an ETag")
	}
	if got := other.Header.Get("Content-Type"); !strings.Contains(got, "javascript") {
		t.Errorf("Content-Type of app.js = %q, want JavaScript", got)
	}
}

func TestConditionalRequests(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	first, _ := do(t, srv, "GET", "/public/app.css")
	etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	tests := []struct {
		name   string
		header []string
		want   int
	}{
		{"matching If-None-Match", []string{"If-None-Match", etag}, 304},
		{"listed among others", []string{"If-None-Match", `"nope", ` + etag}, 304},
		{"weak form matches too", []string{"If-None-Match", "W/" + etag}, 304},
		{"star", []string{"If-None-Match", "*"}, 304},
		{"other tag", []string{"If-None-Match", `"nope"`}, 200},
		{"If-Modified-Since equal", []string{"If-Modified-Since", lastMod}, 304},
		{"If-Modified-Since older", []string{"If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, srv, "GET", "/public/app.css", tt.header...)
			if res.StatusCode != tt.want {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.want)
			}
			if tt.want == 304 {
				if body != "" {
					t.Errorf("304 with a body %q", body)
				}
				if res.Header.Get("ETag") != etag {
					t.Errorf("304 ETag = %q, want %q", res.Header.Get("ETag"), etag)
				}
				if res.Header.Get("Cache-Control") == "" {
					t.Error("304 without Cache-Control")
				}
			}
		})
	}
}

func TestRanges(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	first, _ := do(t, srv, "GET", "/public/numbers.txt")
	etag := first.Header.Get("ETag")
	tests := []struct {
		name      string
		header    []string
		status    int
		body      string
		contRange string
	}{
		{"first bytes", []string{"Range", "bytes=0-3"}, 206, "0123", "bytes 0-3/10"},
		{"suffix", []string{"Range", "bytes=-2"}, 206, "89", "bytes 8-9/10"},
		{"open end", []string{"Range", "bytes=7-"}, 206, "789", "bytes 7-9/10"},
		{"unsatisfiable", []string{"Range", "bytes=50-60"}, 416, "", "bytes */10"},
		{"If-Range matches", []string{"Range", "bytes=0-0", "If-Range", etag}, 206, "0", "bytes 0-0/10"},
		{"If-Range stale sends all", []string{"Range", "bytes=0-0", "If-Range", `"old"`}, 200, "0123456789", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, srv, "GET", "/public/numbers.txt", tt.header...)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if tt.status != 416 && body != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if got := res.Header.Get("Content-Range"); got != tt.contRange {
				t.Errorf("Content-Range = %q, want %q", got, tt.contRange)
			}
		})
	}
}

func TestPrecompressedChoice(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	gz := string(gzipped(t, cssBody))
	tests := []struct {
		accept   string
		encoding string // "" = the file itself
	}{
		{"", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br", "br"},
		{"br, gzip", "br"},
		{"gzip;q=1, br;q=1", "br"},
		{"br;q=0.5, gzip;q=0.8", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"x-gzip", "gzip"},
		{"*", "br"},
		{"*;q=0", ""},
		{"gzip;q=0", ""},
		{"identity", ""},
		{"deflate", ""},
		{"GZIP", "gzip"},
		{"br;q=nonsense", "br"},
	}
	for _, tt := range tests {
		t.Run("accept "+tt.accept, func(t *testing.T) {
			var header []string
			if tt.accept != "" {
				header = []string{"Accept-Encoding", tt.accept}
			}
			res, body := do(t, srv, "GET", "/public/app.css", header...)
			if res.StatusCode != 200 {
				t.Fatalf("status = %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			want := map[string]string{"": cssBody, "gzip": gz, "br": brBody}[tt.encoding]
			if body != want {
				t.Errorf("body = %q, want the %q representation", body, tt.encoding)
			}
			if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
				t.Errorf("Content-Type = %q, want the original's text/css", got)
			}
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
		})
	}
	t.Run("representations have their own ETags", func(t *testing.T) {
		plain, _ := do(t, srv, "GET", "/public/app.css")
		br, _ := do(t, srv, "GET", "/public/app.css", "Accept-Encoding", "br")
		gzr, _ := do(t, srv, "GET", "/public/app.css", "Accept-Encoding", "gzip")
		tags := map[string]bool{plain.Header.Get("ETag"): true, br.Header.Get("ETag"): true, gzr.Header.Get("ETag"): true}
		if len(tags) != 3 {
			t.Errorf("ETags %v: want three different ones", tags)
		}
		res, _ := do(t, srv, "GET", "/public/app.css", "Accept-Encoding", "br", "If-None-Match", br.Header.Get("ETag"))
		if res.StatusCode != 304 {
			t.Errorf("If-None-Match with the br tag = %d, want 304", res.StatusCode)
		}
		res, _ = do(t, srv, "GET", "/public/app.css", "Accept-Encoding", "br", "If-None-Match", plain.Header.Get("ETag"))
		if res.StatusCode != 200 {
			t.Errorf("If-None-Match with the identity tag for br = %d, want 200", res.StatusCode)
		}
	})
	t.Run("a file without siblings does not vary", func(t *testing.T) {
		res, _ := do(t, srv, "GET", "/public/js/app.js", "Accept-Encoding", "br, gzip")
		if res.Header.Get("Content-Encoding") != "" || res.Header.Get("Vary") != "" {
			t.Errorf("Content-Encoding %q, Vary %q: want neither", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
	})
	t.Run("off", func(t *testing.T) {
		_, srv := server(t, egg.BaseDir(base), egg.Configure(func(c *static.Config) { c.Precompressed = false }))
		res, body := do(t, srv, "GET", "/public/app.css", "Accept-Encoding", "br, gzip")
		if body != cssBody || res.Header.Get("Content-Encoding") != "" || res.Header.Get("Vary") != "" {
			t.Errorf("Precompressed off: body %q, Content-Encoding %q, Vary %q", body, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
	})
}

func TestPathsCannotLeaveTheRoot(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	for _, target := range []string{
		"/public/../secret.txt",
		"/public/js/../../secret.txt",
		"/public/%2e%2e/secret.txt",
		"/public/%2E%2E/secret.txt",
		"/public/..%2fsecret.txt",
		"/public/%2e%2e%2fsecret.txt",
		"/public/js%2f..%2f..%2fsecret.txt",
		"/public/..%5csecret.txt",
		"/public/..\\secret.txt",
		"/public/%5c..%5csecret.txt",
		"/public//etc/passwd",
		"/public/%2fetc/passwd",
		"/public/./app.css",
		"/public/js//app.js",
		"/public/app.css%00.txt",
		"/public/link.txt",
		"/public/%252e%252e/secret.txt",
	} {
		t.Run(target, func(t *testing.T) {
			res, body := raw(t, srv, target)
			if strings.Contains(body, "secret") || strings.Contains(body, "root:") {
				t.Fatalf("%s leaked %q", target, body)
			}
			if res.StatusCode != 404 && res.StatusCode != 400 {
				t.Errorf("%s = %d, want 404 (falls through) or 400", target, res.StatusCode)
			}
			if res.Header.Get("ETag") != "" {
				t.Errorf("%s was served as a file (ETag %q)", target, res.Header.Get("ETag"))
			}
		})
	}
	t.Run("a symlink inside the root is followed", func(t *testing.T) {
		res, body := raw(t, srv, "/public/inside.txt")
		if res.StatusCode != 200 || !strings.Contains(body, "console.log") {
			t.Errorf("inside.txt = %d %q", res.StatusCode, body)
		}
	})
	t.Run("an encoded slash inside the root is only a slash", func(t *testing.T) {
		res, _ := raw(t, srv, "/public/js%2fapp.js")
		if res.StatusCode != 200 {
			t.Errorf("js%%2fapp.js = %d, want 200", res.StatusCode)
		}
	})
}

func TestFallsThrough(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	tests := []struct {
		name, method, path string
		status             int
		body               string
	}{
		{"unknown file", "GET", "/public/missing.css", 404, ""},
		{"directory", "GET", "/public/js", 404, ""},
		{"directory with slash", "GET", "/public/js/", 404, ""},
		{"the prefix itself", "GET", "/public/", 404, ""},
		{"file as a directory", "GET", "/public/app.css/x", 404, ""},
		{"route under the prefix", "GET", "/public/generated.txt", 200, routeBody},
		{"route elsewhere", "GET", "/hello", 200, "hello"},
		{"POST", "POST", "/public/app.css", 404, ""},
		{"DELETE", "DELETE", "/public/app.css", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, srv, tt.method, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("%s %s = %d, want %d", tt.method, tt.path, res.StatusCode, tt.status)
			}
			if tt.body != "" && body != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if tt.status == 404 && res.Header.Get("ETag") != "" {
				t.Error("a 404 carries an ETag: the static handler answered")
			}
			if strings.Contains(body, "app.js") {
				t.Errorf("a directory was listed: %q", body)
			}
		})
	}
}

func TestHead(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	res, body := do(t, srv, "HEAD", "/public/app.css")
	if res.StatusCode != 200 || body != "" {
		t.Fatalf("HEAD = %d %q, want 200 without a body", res.StatusCode, body)
	}
	if res.ContentLength != int64(len(cssBody)) {
		t.Errorf("Content-Length = %d, want %d", res.ContentLength, len(cssBody))
	}
	if res.Header.Get("ETag") == "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("HEAD headers = %v", res.Header)
	}
	res, _ = do(t, srv, "HEAD", "/public/app.css", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("HEAD with gzip: Content-Encoding = %q", res.Header.Get("Content-Encoding"))
	}
}

func TestCacheControlByEnv(t *testing.T) {
	base, public := site(t)
	tests := []struct {
		env  string
		want string
	}{
		{"local", "no-cache"},
		{"unittest", "no-cache"},
		{"prod", "public, max-age=31536000"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			_, srv := server(t, egg.BaseDir(base), egg.Env(tt.env))
			res, _ := do(t, srv, "GET", "/public/app.css")
			if got := res.Header.Get("Cache-Control"); got != tt.want {
				t.Errorf("Cache-Control = %q, want %q", got, tt.want)
			}
			res, _ = do(t, srv, "GET", "/public/app.css", "If-None-Match", res.Header.Get("ETag"))
			if got := res.Header.Get("Cache-Control"); res.StatusCode != 304 || got != tt.want {
				t.Errorf("304: %d, Cache-Control = %q, want %q", res.StatusCode, got, tt.want)
			}
		})
	}
	t.Run("configured", func(t *testing.T) {
		_, srv := server(t, egg.BaseDir(base), egg.Configure(func(c *static.Config) { c.MaxAge = time.Hour }))
		res, _ := do(t, srv, "GET", "/public/app.css")
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=3600" {
			t.Errorf("Cache-Control = %q, want public, max-age=3600", got)
		}
	})
	t.Run("local sees edits, prod keeps its buffer", func(t *testing.T) {
		file := filepath.Join(public, "numbers.txt")
		_, local := server(t, egg.BaseDir(base), egg.Env("local"))
		_, prod := server(t, egg.BaseDir(base), egg.Env("prod"))
		_, before := do(t, local, "GET", "/public/numbers.txt")
		res0, _ := do(t, prod, "GET", "/public/numbers.txt")
		if err := os.WriteFile(file, []byte("changed!"), 0o644); err != nil {
			t.Fatal(err)
		}
		// a different size, so a coarse mtime clock cannot hide the change
		res1, after := do(t, local, "GET", "/public/numbers.txt")
		if before == after || after != "changed!" {
			t.Errorf("local after an edit = %q (before %q), want the new content", after, before)
		}
		if res1.Header.Get("ETag") == res0.Header.Get("ETag") {
			t.Error("local: the ETag did not change with the content")
		}
		res2, kept := do(t, prod, "GET", "/public/numbers.txt")
		if kept != "0123456789" || res2.Header.Get("ETag") != res0.Header.Get("ETag") {
			t.Errorf("prod after an edit = %q, ETag %q; want the buffered content and tag", kept, res2.Header.Get("ETag"))
		}
	})
}

func TestContentTypes(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base))
	for path, want := range map[string]string{
		"/public/page.weird":  "text/html",
		"/public/empty.txt":   "text/plain",
		"/public/numbers.txt": "text/plain",
	} {
		res, _ := do(t, srv, "GET", path)
		if got := res.Header.Get("Content-Type"); res.StatusCode != 200 || !strings.HasPrefix(got, want) {
			t.Errorf("%s = %d, Content-Type %q, want %s", path, res.StatusCode, got, want)
		}
	}
}

func TestVaryIsAppended(t *testing.T) {
	base, _ := site(t)
	_, srv := server(t, egg.BaseDir(base),
		egg.Module("origin", egg.Middleware("origin", func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Add("Vary", "Origin")
				next.ServeHTTP(w, r)
			})
		})),
		egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append([]string{"origin"}, c.CoreMiddleware...) }))
	res, _ := do(t, srv, "GET", "/public/app.css")
	if got := res.Header.Values("Vary"); len(got) != 2 || got[0] != "Origin" || got[1] != "Accept-Encoding" {
		t.Errorf("Vary = %q, want [Origin Accept-Encoding]", got)
	}
}
