package modules_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

type signup struct {
	Name    string `json:"name" validate:"required"`
	Age     int    `json:"age" validate:"min=0,max=150"`
	Address struct {
		City string `json:"city" validate:"required"`
	} `json:"address"`
}

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

func defaultApp(t *testing.T, opts ...fx.Option) *eggtest.App {
	return eggtest.New(t, append([]fx.Option{modules.Default(), egg.Module("routes", egg.Routes(func(r *egg.Router) {
		r.Post("/signup", func(c *egg.Ctx) error {
			var s signup
			if err := c.Bind(&s); err != nil {
				return err
			}
			return c.JSON(201, s)
		})
		r.Get("/boom", func(c *egg.Ctx) error { panic("secret detail") })
		r.Get("/teapot", func(c *egg.Ctx) error { return c.Throw(418, "short and stout", "code", "TEAPOT", "spout", 1) })
	}))}, opts...)...)
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
		{"too large", "POST", "/signup", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, "application/json", "application/json", 413, `"code":"entity.too.large"`},
		{"form", "POST", "/signup", "name=bob&age=7&address.city=Paris", "application/x-www-form-urlencoded", "application/json", 201, `"name":"bob","age":7`},
		{"text client", "GET", "/nope", "", "", "text/plain", 404, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := app.WithT(t).Request(tt.method, tt.path).Header("Accept", tt.accept)
			if tt.body != "" {
				req = req.Body(tt.ctype, tt.body)
			}
			req.Do().Status(tt.code).BodyContains(tt.want)
		})
	}
}

func TestDefaultHidesServerErrorsInProd(t *testing.T) {
	app := defaultApp(t, egg.Env("prod"))
	body := app.GET("/boom").Header("Accept", "application/json").Do().Status(500).
		BodyContains(`"message":"Internal Server Error"`).Body()
	if strings.Contains(body, "secret") {
		t.Errorf("prod leaked the panic message: %s", body)
	}
	app.GET("/boom").Header("Accept", "text/html").Do().Status(500).
		BodyContains("<h2>Internal Server Error, real status: 500</h2>")
	n := 0
	for _, line := range app.Logs() {
		if strings.Contains(line, `msg="request failed"`) {
			n++
			if !strings.Contains(line, "level=ERROR") {
				t.Errorf("a 5xx is logged at error level: %s", line)
			}
		}
	}
	if n != 2 {
		t.Errorf("each error logged once: %d\n%s", n, strings.Join(app.Logs(), "\n"))
	}
}

func TestDefaultModulesCanBeDisabled(t *testing.T) {
	app := defaultApp(t, egg.Disable("onerror", "bodyparser"))
	app.GET("/nope").Header("Accept", "application/json").Do().Status(404).BodyEquals("Not Found")
	app.POST("/signup").Body("application/json", `{}`).Do().Status(500)
}
