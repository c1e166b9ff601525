package bodyparser_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg/modules/bodyparser"
)

type CreateUser struct {
	Name    string   `json:"name" validate:"required,max=20"`
	Age     int      `json:"age" validate:"gte=18"`
	Tags    []string `json:"tags" validate:"dive,min=2"`
	Address struct {
		City string `json:"city" validate:"required"`
	} `json:"address"`
}

// errorBody is egg's error response shape.
type errorBody struct {
	Code    string                  `json:"code"`
	Message string                  `json:"message"`
	Errors  []bodyparser.FieldError `json:"errors,omitempty"`
}

func Example() {
	binder := bodyparser.New(bodyparser.DefaultConfig())

	handler := func(w http.ResponseWriter, r *http.Request) {
		var in CreateUser
		if err := binder.Bind(r, &in); err != nil {
			var be *bodyparser.Error
			if !errors.As(err, &be) {
				http.Error(w, "Internal Server Error", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(be.Status)
			_ = json.NewEncoder(w).Encode(errorBody{be.Code, be.Message, be.Fields})
			return
		}
		fmt.Fprintf(w, "created %s (%d) in %s, tags %v\n", in.Name, in.Age, in.Address.City, in.Tags)
	}

	send := func(r *http.Request) {
		w := httptest.NewRecorder()
		handler(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}

	r := httptest.NewRequest(http.MethodPost, "/users", strings.NewReader(`{"name":"Ann","age":30,"tags":["ops"],"address":{"city":"Oslo"}}`))
	r.Header.Set("Content-Type", "application/json")
	send(r)

	r = httptest.NewRequest(http.MethodPost, "/users", strings.NewReader("name=Bo&age=31&tags[]=dev&address.city=Rome"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	send(r)

	send(httptest.NewRequest(http.MethodGet, "/users?age=12&tags=x", nil))

	r = httptest.NewRequest(http.MethodPost, "/users", strings.NewReader(`{"age":"old"}`))
	r.Header.Set("Content-Type", "application/json")
	send(r)

	r = httptest.NewRequest(http.MethodPost, "/users", strings.NewReader(`{"name":`))
	r.Header.Set("Content-Type", "application/json")
	send(r)

	// Output:
	// 200 created Ann (30) in Oslo, tags [ops]
	// 200 created Bo (31) in Rome, tags [dev]
	// 422 {"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"},{"message":"should be at least 18","field":"age","code":"invalid"},{"message":"length should be at least 2","field":"tags[0]","code":"invalid"},{"message":"required","field":"address.city","code":"missing_field"}]}
	// 422 {"code":"invalid_param","message":"Validation Failed","errors":[{"message":"should be an integer","field":"age","code":"invalid"}]}
	// 400 {"code":"invalid_json","message":"Problems parsing JSON: unexpected end of JSON input at byte 8"}
}

// Fields tagged param and query come from the URL: the path parameter
// (r.PathValue with net/http's ServeMux; the route's parameter under egg)
// wins over the body, so the route names the resource.
func ExampleBinder_Bind_pathAndQuery() {
	type UpdateComment struct {
		PostID int    `json:"-" param:"post_id"`
		ID     int    `json:"id" param:"id"`
		Notify bool   `json:"-" query:"notify"`
		Text   string `json:"text" validate:"required"`
	}
	binder := bodyparser.New(bodyparser.DefaultConfig())
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /posts/{post_id}/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		var in UpdateComment
		if err := binder.Bind(r, &in); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%+v\n", in)
	})
	put := func(target, body string) {
		r := httptest.NewRequest(http.MethodPut, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		mux.ServeHTTP(httptest.NewRecorder(), r)
	}
	put("/posts/7/comments/3?notify=true", `{"id":99,"text":"fixed"}`)
	put("/posts/seven/comments/3", `{"text":"fixed"}`)
	// Output:
	// {PostID:7 ID:3 Notify:true Text:fixed}
	// bodyparser: 400 invalid_param: path parameter post_id must be an integer, got "seven"
}
