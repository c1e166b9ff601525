package overridemethod_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg/modules/overridemethod"
)

func ExampleNew() {
	m, err := overridemethod.New(overridemethod.DefaultConfig())
	if err != nil {
		panic(err)
	}
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // still all there
		fmt.Fprintf(w, "%s %s", r.Method, body)
	}))
	send := func(header, form string) {
		r := httptest.NewRequest("POST", "/posts/1", strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			r.Header.Set("X-HTTP-Method-Override", header)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	send("", "_method=DELETE")
	send("patch", "title=hi")
	send("", "_method=GET")
	// Output:
	// 200 DELETE _method=DELETE
	// 200 PATCH title=hi
	// 400 invalid override method "GET" (from the form field _method): a POST can be overridden to PUT, PATCH or DELETE only
}
