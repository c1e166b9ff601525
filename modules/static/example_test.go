package static_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/static"
)

func ExampleNew() {
	files := fstest.MapFS{
		"app.css":    {Data: []byte("body { margin: 0 }")},
		"app.css.gz": {Data: []byte("(gzip bytes)")},
	}
	h, err := static.New(files, static.DefaultConfig(), nil)
	if err != nil {
		panic(err)
	}
	get := func(header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/public/app.css", nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := get()
	fmt.Println(w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"), w.Header().Get("Vary"))
	fmt.Println(get("If-None-Match", w.Header().Get("ETag")).Code)
	w = get("Accept-Encoding", "gzip, br")
	fmt.Println(w.Code, w.Header().Get("Content-Encoding"), w.Body.String())
	fmt.Println(get("Range", "bytes=0-3").Body.String())
	// Output:
	// 200 text/css; charset=utf-8 no-cache Accept-Encoding
	// 304
	// 200 gzip (gzip bytes)
	// body
}

func Example_module() {
	app, err := egg.New(
		static.Module,
		static.WithFS(fstest.MapFS{"robots.txt": {Data: []byte("User-agent: *\n")}}),
		egg.Env("prod"),
		egg.LogOutput(io.Discard),
	)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/public/robots.txt", nil))
	fmt.Println(w.Code, w.Header().Get("Cache-Control"))
	fmt.Print(w.Body.String())
	// Output:
	// 200 public, max-age=31536000
	// User-agent: *
}
