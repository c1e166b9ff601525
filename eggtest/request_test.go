package eggtest

import (
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// echoed is what the echo route saw of a request.
type echoed struct {
	Method      string              `json:"method"`
	Path        string              `json:"path"`
	Query       map[string][]string `json:"query"`
	ContentType string              `json:"contentType"`
	Body        string              `json:"body"`
	Header      string              `json:"header"`
	Cookie      string              `json:"cookie"`
	RemoteAddr  string              `json:"remoteAddr"`
	Host        string              `json:"host"`
}

// echoRoutes answers every method on /echo with what it saw.
func echoRoutes() fx.Option {
	return egg.Routes(func(r *egg.Router) {
		r.All("/echo", func(c *egg.Ctx) error {
			b, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusOK, echoed{
				Method: c.Method(), Path: c.Path(), Query: c.QueryValues(),
				ContentType: c.Header("Content-Type"), Body: string(b),
				Header: c.Header("X-Test"), Cookie: c.Cookie("sid"),
				RemoteAddr: c.Request().RemoteAddr, Host: c.Host(),
			})
		})
	})
}

func TestRequestBuilders(t *testing.T) {
	app := New(t, echoRoutes())
	defaults := echoed{Path: "/echo", Query: map[string][]string{}, RemoteAddr: "192.0.2.1:1234", Host: "example.com"}
	with := func(f func(e *echoed)) echoed {
		e := defaults
		f(&e)
		return e
	}
	tests := []struct {
		name string
		req  *Request
		want echoed
	}{
		{"GET", app.GET("/echo"), with(func(e *echoed) { e.Method = "GET" })},
		{"POST", app.POST("/echo"), with(func(e *echoed) { e.Method = "POST" })},
		{"PUT", app.PUT("/echo"), with(func(e *echoed) { e.Method = "PUT" })},
		{"PATCH", app.PATCH("/echo"), with(func(e *echoed) { e.Method = "PATCH" })},
		{"DELETE", app.DELETE("/echo"), with(func(e *echoed) { e.Method = "DELETE" })},
		{"OPTIONS", app.OPTIONS("/echo"), with(func(e *echoed) { e.Method = "OPTIONS" })},
		{"any method", app.Request("TRACE", "/echo"), with(func(e *echoed) { e.Method = "TRACE" })},
		{"query in path and Query", app.GET("/echo?a=1").Query("a", "2").Query("b", "x y"),
			with(func(e *echoed) {
				e.Method = "GET"
				e.Query = map[string][]string{"a": {"1", "2"}, "b": {"x y"}}
			})},
		{"header replaces", app.GET("/echo").Header("X-Test", "one").Header("x-test", "two"),
			with(func(e *echoed) { e.Method, e.Header = "GET", "two" })},
		{"cookie", app.GET("/echo").Cookie(&http.Cookie{Name: "sid", Value: "abc"}),
			with(func(e *echoed) { e.Method, e.Cookie = "GET", "abc" })},
		{"JSON", app.POST("/echo").JSON(map[string]any{"name": "carol", "age": 30}),
			with(func(e *echoed) {
				e.Method, e.ContentType, e.Body = "POST", "application/json", `{"age":30,"name":"carol"}`
			})},
		{"Form", app.POST("/echo").Form(url.Values{"name": {"carol"}, "tag": {"a", "b"}}),
			with(func(e *echoed) {
				e.Method, e.ContentType, e.Body = "POST", "application/x-www-form-urlencoded", "name=carol&tag=a&tag=b"
			})},
		{"Body", app.PUT("/echo").Body("text/csv", "a,b\n1,2"),
			with(func(e *echoed) { e.Method, e.ContentType, e.Body = "PUT", "text/csv", "a,b\n1,2" })},
		{"Body without a type", app.POST("/echo").JSON(1).Body("", "raw"),
			with(func(e *echoed) { e.Method, e.Body = "POST", "raw" })},
		{"RemoteAddr and Host", app.GET("/echo").RemoteAddr("10.0.0.9:5555").Host("api.example.org"),
			with(func(e *echoed) { e.Method, e.RemoteAddr, e.Host = "GET", "10.0.0.9:5555", "api.example.org" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got echoed
			tt.req.app = tt.req.app.WithT(t)
			tt.req.Do().Status(200).JSON(&got)
			if got.Query == nil {
				got.Query = map[string][]string{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("the app saw\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestRequestCanBeSentTwice(t *testing.T) {
	app := New(t, echoRoutes())
	req := app.POST("/echo").Body("text/plain", "again")
	first, second := req.Do().Body(), req.Do().Body()
	if first != second {
		t.Errorf("second send differs:\n%s\n%s", first, second)
	}
	req.Do().BodyContains(`"body":"again"`)
}

func TestHEADHasNoBody(t *testing.T) {
	app := New(t, echoRoutes())
	res := app.HEAD("/echo").Do().Status(200).Header("Content-Type", "application/json; charset=utf-8")
	if res.Body() != "" {
		t.Errorf("HEAD body = %q, want none", res.Body())
	}
}

func TestRequestMistakesFailAtOnce(t *testing.T) {
	tests := []struct {
		name string
		send func(app *App)
		want string
	}{
		{"path without slash", func(app *App) { app.GET("echo").Do() }, `GET "echo": the path must begin with /`},
		{"invalid path", func(app *App) { app.GET("/%zz").Do() }, `GET "/%zz"`},
		{"JSON that cannot marshal", func(app *App) { app.POST("/echo").JSON(make(chan int)) },
			"cannot marshal the JSON body chan int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			defer tb.finish()
			app := New(t, echoRoutes()).WithT(tb)
			tb.run(func(testing.TB) { tt.send(app) })
			if !tb.fatal {
				t.Error("the test went on")
			}
			tb.wantFailure(t, tt.want)
		})
	}
}
