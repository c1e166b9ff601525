package sitefile_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg/modules/sitefile"
)

func ExampleNew() {
	cfg := sitefile.DefaultConfig()
	cfg.Files = map[string]sitefile.File{
		"/robots.txt":           {Bytes: []byte("User-agent: *\nDisallow: /admin/\n")},
		"/apple-touch-icon.png": {URL: "https://cdn.example.com/icon.png"},
	}
	m, err := sitefile.New(cfg, "")
	if err != nil {
		panic(err)
	}
	h := m.Handler(http.NotFoundHandler())
	for _, path := range []string{"/robots.txt", "/apple-touch-icon.png", "/favicon.ico", "/other"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%s %d %q %q\n", path, w.Code, w.Header().Get("Cache-Control"), w.Header().Get("Location"))
	}
	// Output:
	// /robots.txt 200 "public, max-age=2592000" ""
	// /apple-touch-icon.png 302 "" "https://cdn.example.com/icon.png"
	// /favicon.ico 204 "" ""
	// /other 404 "" ""
}
