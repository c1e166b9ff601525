package egg_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

type signup struct {
	Name    string `json:"name" validate:"required"`
	Age     int    `json:"age" validate:"min=0,max=150"`
	Address struct {
		City string `json:"city" validate:"required"`
	} `json:"address"`
}

func defaultApp(t *testing.T, opts ...fx.Option) *egg.App {
	return start(t, append([]fx.Option{egg.Default(), withRoutes(func(r *egg.Router) {
		r.Post("/signup", func(c *egg.Ctx) error {
			var s signup
			if err := c.Bind(&s); err != nil {
				return err
			}
			return c.JSON(201, s)
		})
		r.Get("/boom", func(c *egg.Ctx) error { panic("secret detail") })
		r.Get("/teapot", func(c *egg.Ctx) error { return c.Throw(418, "short and stout", "code", "TEAPOT", "spout", 1) })
	})}, opts...)...)
}

func TestDefaultFrameworkRendersErrors(t *testing.T) {
	app := defaultApp(t)
	tests := []struct {
		name, method, path, body, ctype, accept string
		code                                    int
		want                                    string
	}{
		{"404 json", "GET", "/nope", "", "", "application/json", 404, `{"message":"Not Found"}`},
		{"405 json", "GET", "/signup", "", "", "application/json", 405, `{"message":"Method Not Allowed"}`},
		{"throw with props", "GET", "/teapot", "", "", "application/json", 418, `{"code":"TEAPOT","message":"short and stout","spout":1}`},
		{"panic json hides nothing in unittest", "GET", "/boom", "", "", "application/json", 500, `"message":"panic: secret detail"`},
		{"valid", "POST", "/signup", `{"name":"ada","age":36,"address":{"city":"London"}}`, "application/json", "application/json", 201,
			`{"name":"ada","age":36,"address":{"city":"London"}}`},
		{"validation 422", "POST", "/signup", `{"age":200}`, "application/json", "application/json", 422,
			`{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"},` +
				`{"message":"should be at most 150","field":"age","code":"invalid"},{"message":"required","field":"address.city","code":"missing_field"}]}`},
		{"wrong type", "POST", "/signup", `{"name":"a","age":"old"}`, "application/json", "application/json", 422, `"field":"age","code":"invalid"`},
		{"malformed json", "POST", "/signup", `{"name":`, "application/json", "application/json", 400, `"code":"invalid_json","message":"Problems parsing JSON`},
		{"unsupported type", "POST", "/signup", `<xml/>`, "application/xml", "application/json", 415, `"code":"unsupported_media_type"`},
		{"too large", "POST", "/signup", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, "application/json", "application/json", 413, `"code":"payload_too_large"`},
		{"form", "POST", "/signup", "name=bob&age=7&address.city=Paris", "application/x-www-form-urlencoded", "application/json", 201, `"name":"bob","age":7`},
		{"text client", "GET", "/nope", "", "", "text/plain", 404, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(app, tt.method, tt.path, strings.NewReader(tt.body), "Content-Type", tt.ctype, "Accept", tt.accept)
			if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("%d %s\nwant %d containing %s", w.Code, w.Body.String(), tt.code, tt.want)
			}
		})
	}
}

func TestDefaultHidesServerErrorsInProd(t *testing.T) {
	var logs logBuffer
	app := defaultApp(t, egg.Env("prod"), egg.LogOutput(&logs))
	w := serve(app, "GET", "/boom", nil, "Accept", "application/json")
	if w.Code != 500 || strings.Contains(w.Body.String(), "secret") || !strings.Contains(w.Body.String(), `"message":"Internal Server Error"`) {
		t.Errorf("%d %s", w.Code, w.Body.String())
	}
	w = serve(app, "GET", "/boom", nil, "Accept", "text/html")
	if !strings.Contains(w.Body.String(), "<h2>Internal Server Error, real status: 500</h2>") {
		t.Errorf("html: %s", w.Body.String())
	}
	if n := strings.Count(logs.String(), `"msg":"request failed"`); n != 2 {
		t.Errorf("each error logged once, at error level: %d\n%s", n, logs.String())
	}
	mustContain(t, logs.String(), `"level":"ERROR"`, `"req":{`)
}

func TestDefaultModulesCanBeDisabled(t *testing.T) {
	app := defaultApp(t, egg.Disable("onerror", "bodyparser"))
	if w := serve(app, "GET", "/nope", nil, "Accept", "application/json"); w.Body.String() != "Not Found" {
		t.Errorf("without onerror: %q", w.Body.String())
	}
	w := serve(app, "POST", "/signup", strings.NewReader(`{}`), "Content-Type", "application/json")
	if w.Code != 500 {
		t.Errorf("Bind without a binder is a wiring mistake: %d", w.Code)
	}
}
