package static_test

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/static"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

//go:embed testdata/public
var embedded embed.FS

func publicFS(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(embedded, "testdata/public")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestMiddlewareIsInTheCoreList(t *testing.T) {
	base, _ := site(t)
	app, _ := server(t, egg.BaseDir(base))
	if got := app.Middleware(); !slices.Contains(got, static.Name) {
		t.Errorf("middleware = %v, want %q in it", got, static.Name)
	}
}

func TestEmbedFS(t *testing.T) {
	base := t.TempDir() // no app/public: the FS wins anyway
	_, srv := server(t, egg.BaseDir(base), static.WithFS(publicFS(t)))
	res, body := do(t, srv, "GET", "/public/hello.txt")
	if res.StatusCode != 200 || body != "hello from embed\n" {
		t.Fatalf("GET hello.txt = %d %q", res.StatusCode, body)
	}
	if res.Header.Get("Last-Modified") != "" {
		t.Errorf("Last-Modified = %q from an embed.FS, which has no times", res.Header.Get("Last-Modified"))
	}
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag for an embedded file")
	}
	res, _ = do(t, srv, "GET", "/public/hello.txt", "If-None-Match", etag)
	if res.StatusCode != 304 {
		t.Errorf("If-None-Match = %d, want 304", res.StatusCode)
	}
	res, _ = do(t, srv, "GET", "/public/css/site.css", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("site.css with gzip: Content-Encoding %q, Content-Type %q", res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
	}
	res, _ = do(t, srv, "GET", "/public/css/site.css", "Range", "bytes=0-1")
	if res.StatusCode != 206 {
		t.Errorf("Range on an embedded file = %d, want 206", res.StatusCode)
	}
	res, _ = do(t, srv, "GET", "/public/css")
	if res.StatusCode != 404 {
		t.Errorf("embedded directory = %d, want 404", res.StatusCode)
	}
}

func TestMissingDirServesNothing(t *testing.T) {
	app, srv := server(t, egg.BaseDir(t.TempDir()))
	res, _ := do(t, srv, "GET", "/public/app.css")
	if res.StatusCode != 404 {
		t.Errorf("status = %d, want 404", res.StatusCode)
	}
	app.ExpectLog("static: the directory does not exist")
}

func TestAbsoluteDirAndPrefix(t *testing.T) {
	_, public := site(t)
	_, srv := server(t, egg.BaseDir(t.TempDir()), egg.Configure(func(c *static.Config) {
		c.Dir = public
		c.Prefix = "/assets/"
	}))
	if res, body := do(t, srv, "GET", "/assets/app.css"); res.StatusCode != 200 || body != cssBody {
		t.Errorf("/assets/app.css = %d %q", res.StatusCode, body)
	}
	if res, _ := do(t, srv, "GET", "/public/app.css"); res.StatusCode != 404 {
		t.Errorf("/public/app.css = %d, want 404 under another prefix", res.StatusCode)
	}
}

func TestConfigErrors(t *testing.T) {
	base, public := site(t)
	tests := []struct {
		name string
		fn   func(*static.Config)
		want string
	}{
		{"prefix without slash", func(c *static.Config) { c.Prefix = "public" }, `Prefix (STATIC_PREFIX) is "public"`},
		{"negative max age", func(c *static.Config) { c.MaxAge = -1 }, "MaxAge (STATIC_MAX_AGE)"},
		{"negative buffer size", func(c *static.Config) { c.BufferMaxFileSize = -1 }, "BufferMaxFileSize (STATIC_BUFFER_MAX_FILE_SIZE)"},
		{"empty dir", func(c *static.Config) { c.Dir = "" }, "Dir (STATIC_DIR) is empty"},
		{"dir is a file", func(c *static.Config) { c.Dir = filepath.Join(public, "app.css") }, "cannot open Dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eggtest.Start(t, static.Module, egg.BaseDir(base), egg.Configure(tt.fn))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	t.Run("from the environment", func(t *testing.T) {
		t.Setenv("STATIC_MAX_AGE", "2h")
		t.Setenv("STATIC_PREFIX", "/s/")
		_, srv := server(t, egg.BaseDir(base))
		res, _ := do(t, srv, "GET", "/s/app.css")
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=7200" {
			t.Errorf("env config: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
		}
	})
}

func TestMiddlewareOptions(t *testing.T) {
	base, _ := site(t)
	t.Run("disabled", func(t *testing.T) {
		_, srv := server(t, egg.BaseDir(base), egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{static.Name: {Disable: true}}
		}))
		if res, _ := do(t, srv, "GET", "/public/app.css"); res.StatusCode != 404 {
			t.Errorf("status = %d, want 404 with the middleware off", res.StatusCode)
		}
	})
	t.Run("ignore", func(t *testing.T) {
		_, srv := server(t, egg.BaseDir(base), egg.Configure(func(c *egg.HTTPConfig) {
			c.MiddlewareOptions = map[string]egg.MiddlewareOptions{static.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/public/js")}}}
		}))
		if res, _ := do(t, srv, "GET", "/public/js/app.js"); res.StatusCode != 404 {
			t.Errorf("ignored path = %d, want 404", res.StatusCode)
		}
		if res, _ := do(t, srv, "GET", "/public/app.css"); res.StatusCode != 200 {
			t.Errorf("other path = %d, want 200", res.StatusCode)
		}
	})
	t.Run("module disabled", func(t *testing.T) {
		_, srv := server(t, egg.BaseDir(base), egg.Disable(static.Name))
		if res, _ := do(t, srv, "GET", "/public/app.css"); res.StatusCode != 404 {
			t.Errorf("status = %d, want 404 with the module off", res.StatusCode)
		}
	})
}

// noSeekFS hides Seek from its files, as some file systems do.
type noSeekFS struct{ fs.FS }

type noSeekFile struct{ f fs.File }

func (f noSeekFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f noSeekFile) Read(b []byte) (int, error) { return f.f.Read(b) }
func (f noSeekFile) Close() error               { return f.f.Close() }

func (n noSeekFS) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return noSeekFile{f}, nil
}

func TestHandlerWithoutEgg(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":    {Data: []byte("alpha")},
		"a.txt.br": {Data: []byte("alpha-br")},
		"dir/b.md": {Data: []byte("# b")},
	}
	h, err := static.New(noSeekFS{fsys}, static.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	res, body := do(t, srv, "GET", "/public/a.txt", "Range", "bytes=1-2")
	if res.StatusCode != 206 || body != "lp" {
		t.Errorf("Range on a file without Seek = %d %q, want 206 lp", res.StatusCode, body)
	}
	res, body = do(t, srv, "GET", "/public/a.txt", "Accept-Encoding", "br")
	if body != "alpha-br" || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("br = %q, %q", body, res.Header.Get("Content-Encoding"))
	}
	if res, _ := do(t, srv, "GET", "/public/nope"); res.StatusCode != 404 {
		t.Errorf("missing = %d, want 404 from Handler.ServeHTTP", res.StatusCode)
	}
	if res, _ := do(t, srv, "GET", "/public/dir"); res.StatusCode != 404 {
		t.Errorf("dir = %d, want 404", res.StatusCode)
	}
	if _, err := static.New(nil, static.DefaultConfig(), nil); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := static.New(fsys, static.Config{Prefix: "x"}, nil); err == nil {
		t.Error("New with a bad prefix succeeded")
	}
}

// failingFS fails to read one file, as a permission problem would.
type failingFS struct{ fs.FS }

func (f failingFS) Open(name string) (fs.File, error) {
	if name == "locked.txt" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

func TestUnreadableFileFallsThroughWithAWarning(t *testing.T) {
	app, srv := server(t, egg.BaseDir(t.TempDir()), static.WithFS(failingFS{fstest.MapFS{"ok.txt": {Data: []byte("ok")}}}))
	if res, _ := do(t, srv, "GET", "/public/locked.txt"); res.StatusCode != 404 {
		t.Errorf("status = %d, want 404", res.StatusCode)
	}
	app.ExpectLog("static: cannot serve a file")
	if res, body := do(t, srv, "GET", "/public/ok.txt"); res.StatusCode != 200 || body != "ok" {
		t.Errorf("ok.txt = %d %q", res.StatusCode, body)
	}
}

func TestDeletedFileIsForgotten(t *testing.T) {
	base, public := site(t)
	_, srv := server(t, egg.BaseDir(base))
	if res, _ := do(t, srv, "GET", "/public/js/app.js"); res.StatusCode != 200 {
		t.Fatalf("status = %d", res.StatusCode)
	}
	if err := os.Remove(filepath.Join(public, "js", "app.js")); err != nil {
		t.Fatal(err)
	}
	if res, _ := do(t, srv, "GET", "/public/js/app.js"); res.StatusCode != 404 {
		t.Errorf("after delete = %d, want 404", res.StatusCode)
	}
}

func TestServeHTTPReadsWholeBodies(t *testing.T) {
	// a large file is streamed from disk even with Buffer on
	base, public := site(t)
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	if err := os.WriteFile(filepath.Join(public, "big.bin"), []byte(big+"!"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, srv := server(t, egg.BaseDir(base), egg.Env("prod"))
	res, err := client().Get(srv.URL + "/public/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil || n != int64(len(big)+1) || res.StatusCode != http.StatusOK {
		t.Errorf("big.bin: %d, %d bytes, %v", res.StatusCode, n, err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("truncated")
	}
}
