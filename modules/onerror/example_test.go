package onerror_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg/modules/onerror"
)

func Example() {
	p := onerror.Problem{Status: http.StatusNotFound, Code: "user_not_found", Message: "no user 42"}
	for _, accept := range []string{"application/json", "text/html", "*/*"} {
		r := httptest.NewRequest(http.MethodGet, "/users/42", nil)
		r.Header.Set("Accept", accept)
		w := httptest.NewRecorder()
		onerror.Render(w, r, p, "prod", onerror.DefaultConfig())
		fmt.Print(w.Code, " ", w.Header().Get("Content-Type"), " ", w.Body.String())
	}
	// Output:
	// 404 application/json; charset=utf-8 {"code":"user_not_found","message":"no user 42"}
	// 404 text/html; charset=utf-8 <h2>404 no user 42</h2>
	// 404 text/plain; charset=utf-8 no user 42
}

func Example_serverError() {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept", "application/json")
	p := onerror.Problem{Status: 500, Message: "pq: connection refused", Err: fmt.Errorf("db down")}
	for _, env := range []string{"prod", "local"} {
		w := httptest.NewRecorder()
		onerror.Render(w, r, p, env, onerror.DefaultConfig())
		fmt.Print(env, ": ", w.Body.String())
	}
	// Output:
	// prod: {"message":"Internal Server Error"}
	// local: {"message":"pq: connection refused","name":"*errors.errorString","stack":"*errors.errorString: db down"}
}
