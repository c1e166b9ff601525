package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
)

// A container's HEALTHCHECK runs the binary with no arguments: it asks
// 127.0.0.1:$PORT/readyz. Here -url points it at a test server.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	fmt.Println(run([]string{"-url", srv.URL + "/readyz"}, os.Getenv, os.Stdout))
	// Output: 0
}
