package multipart_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/multipart"
	"go.uber.org/fx"
)

// nopWriter is a ResponseWriter that keeps only a reusable header map.
type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(int)             {}

// BenchmarkUntouched is a hello request in an app without and with the
// module: what a request that reads no upload pays for it (the end-of-
// request check for files to remove).
func BenchmarkUntouched(b *testing.B) {
	hello := egg.Routes(func(r *egg.Router) {
		r.Get("/", func(c *egg.Ctx) error { return c.Text(200, "hi") })
	})
	for _, tc := range []struct {
		name string
		opts []fx.Option
	}{{"without", []fx.Option{hello}}, {"with", []fx.Option{multipart.Module, hello}}} {
		b.Run(tc.name, func(b *testing.B) {
			app := eggtest.New(b, tc.opts...)
			req := httptest.NewRequest("GET", "/", nil)
			w := &nopWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				app.ServeHTTP(w, req)
			}
		})
	}
}

// BenchmarkParts streams a 1 MiB file and two fields through Parts.
func BenchmarkParts(b *testing.B) {
	ct, body := encode(b, text("title", "t"), file("f", "a.png", string(make([]byte, 1<<20))), text("n", "1"))
	app := eggtest.New(b, multipart.Module, egg.Routes(func(r *egg.Router) {
		r.Post("/", func(c *egg.Ctx) error {
			for part, err := range multipart.Parts(c) {
				if err != nil {
					return err
				}
				if part.IsFile() {
					if _, err := io.Copy(io.Discard, part); err != nil {
						return err
					}
				}
			}
			return c.NoContent(204)
		})
	}))
	w := &nopWriter{h: http.Header{}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		clear(w.h)
		app.ServeHTTP(w, req)
	}
}
