package prometheus_test

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/go-chi/chi/v5"
)

// Without egg: New, and the middleware inside a chi router, labels by
// chi's route pattern and serves the metrics.
func TestWithoutEgg(t *testing.T) {
	m, err := prometheus.New(prometheus.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("item")) })
	r.Get("/teapot", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	r.Get("/panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	srv := httptest.NewUnstartedServer(r)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the panic's stack
	srv.Start()
	defer srv.Close()

	for _, p := range []string{"/items/1", "/items/2", "/teapot", "/nothing"} {
		get(t, srv.URL+p)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/items/3", nil)
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // no retry on a reused connection
	if res, err := fresh.Get(srv.URL + "/panic"); err == nil {                 // net/http drops the connection
		res.Body.Close()
		t.Errorf("/panic answered %d", res.StatusCode)
	}
	http.DefaultClient.CloseIdleConnections()

	mfs := scrapeURL(t, srv.URL+"/metrics")
	expect(t, mfs, requests, "method=GET,pattern=/items/{id},route=,status=2xx", 2)
	expect(t, mfs, requests, "method=GET,pattern=/teapot,route=,status=4xx", 1)
	expect(t, mfs, requests, "method=GET,pattern=<unmatched>,route=,status=4xx", 1)
	expect(t, mfs, requests, "method=POST,pattern=/items/{id},route=,status=4xx", 1)
	expect(t, mfs, requests, "method=GET,pattern=/panic,route=,status=5xx", 1)
	http.DefaultClient.CloseIdleConnections()
}
