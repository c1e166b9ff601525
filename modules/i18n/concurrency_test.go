package i18n_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestConcurrentRequests: many requests at once, with more distinct
// Accept-Language values than the cache holds and missing messages, all
// get the right answer (run with -race).
func TestConcurrentRequests(t *testing.T) {
	a := newApp(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				accept, want := "zh-CN", "你好"
				switch i % 3 {
				case 1:
					accept, want = fmt.Sprintf("x-junk%d-%d;q=0.5, ja", g, i), "こんにちは"
				case 2:
					accept, want = fmt.Sprintf("fr-FR, x-other%d-%d", g, i), "Hello"
				}
				r := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/t?id=hello&n=%d", i), nil)
				r.Header.Set("Accept-Language", accept)
				w := httptest.NewRecorder()
				a.ServeHTTP(w, r)
				if w.Body.String() != want {
					errs <- fmt.Errorf("Accept-Language %q: got %q, want %q", accept, w.Body.String(), want)
					return
				}
				r = httptest.NewRequest(http.MethodGet, fmt.Sprintf("/t?id=missing.%d", i%50), nil)
				a.ServeHTTP(httptest.NewRecorder(), r)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
