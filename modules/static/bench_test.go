package static_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/static"
)

// discardWriter is a ResponseWriter that keeps nothing but a reusable
// header map, so the benchmark measures the handler, not a recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(s int)           { w.status = s }

func (w *discardWriter) reset() {
	clear(w.h)
	w.status = 0
}

// BenchmarkStatic serves a cached file: from memory (Buffer, as in prod),
// from an os.Root with revalidation (as in local), a 304, a brotli
// sibling, and the whole egg app around the buffered case.
func BenchmarkStatic(b *testing.B) {
	_, public := site(b)
	root, err := os.OpenRoot(public)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	prod := static.DefaultConfig()
	prod.Buffer, prod.MaxAge = true, static.ProdMaxAge
	buffered, err := static.New(root.FS(), prod, nil)
	if err != nil {
		b.Fatal(err)
	}
	fromDisk, err := static.New(root.FS(), static.DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	notFound := http.NotFoundHandler()
	run := func(b *testing.B, h http.Handler, req *http.Request, want int) {
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req) // fill the cache
		if w.status != 0 && w.status != want || w.status == 0 && want != 200 {
			b.Fatalf("status %d, want %d", w.status, want)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			w.reset()
			h.ServeHTTP(w, req)
		}
	}
	get := func(header ...string) *http.Request {
		r := httptest.NewRequest("GET", "/public/app.css", nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		return r
	}
	b.Run("buffered", func(b *testing.B) { run(b, buffered.Middleware(notFound), get(), 200) })
	b.Run("buffered-br", func(b *testing.B) {
		run(b, buffered.Middleware(notFound), get("Accept-Encoding", "gzip, deflate, br, zstd"), 200)
	})
	b.Run("buffered-304", func(b *testing.B) {
		w := &discardWriter{h: http.Header{}}
		buffered.ServeHTTP(w, get())
		run(b, buffered.Middleware(notFound), get("If-None-Match", w.h.Get("Etag")), 304)
	})
	b.Run("disk", func(b *testing.B) { run(b, fromDisk.Middleware(notFound), get(), 200) })
	b.Run("egg-app-prod", func(b *testing.B) {
		app := eggtest.New(b, static.Module, egg.BaseDir(public[:len(public)-len("/app/public")]), egg.Env("prod"))
		run(b, app, get(), 200)
	})
}
