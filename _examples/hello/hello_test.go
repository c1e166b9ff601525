package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/hello/app/service"
	"github.com/egg-go/egg/_examples/hello/config"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/httpclient/httpclienttest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// newApp starts the app exactly as main runs it, plus the test's options.
func newApp(t *testing.T, opts ...fx.Option) *eggtest.App {
	t.Helper()
	return eggtest.New(t, append(options(), opts...)...)
}

// The module graph test: every env's wiring, checked without starting.
func TestModuleGraph(t *testing.T) {
	for _, env := range []string{"local", "unittest", "prod"} {
		t.Run(env, func(t *testing.T) {
			eggtest.ValidateApp(t, append(options(), egg.Env(env))...)
		})
	}
}

func TestHome(t *testing.T) {
	app := newApp(t)
	app.GET("/").Do().
		Status(http.StatusOK).
		JSONEquals(`{"message":"Hello from egg","users":"http://example.com/api/users"}`)
	app.GET("/").Host("hello.test:7001").Do().
		JSONEquals(`{"message":"Hello from egg","users":"http://hello.test:7001/api/users"}`)
	res := app.HEAD("/").Do().Status(http.StatusOK).Header("Content-Type", "application/json; charset=utf-8")
	if res.Body() != "" {
		t.Errorf("HEAD / has a body: %q", res.Body())
	}
}

func TestUsersIndexListsTheSeededUsers(t *testing.T) {
	app := newApp(t)
	app.GET("/api/users").Do().
		Status(http.StatusOK).
		JSONEquals(`[{"id":1,"name":"alice","age":30},{"id":2,"name":"bob","age":25}]`)
}

func TestUsersShow(t *testing.T) {
	app := newApp(t)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/api/users/1", 200, `{"id":1,"name":"alice","age":30}`},
		{"/api/users/2/", 200, `{"id":2,"name":"bob","age":25}`}, // Egg: trailing slash optional
		{"/api/users/42", 404, `{"code":"not_found","message":"user 42 not found"}`},
		{"/api/users/x", 400, `{"code":"invalid_param","message":"path parameter id must be an integer, got \"x\""}`},
		{"/api/users/1.5", 400, `{"code":"invalid_param","message":"path parameter id must be an integer, got \"1.5\""}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			app.WithT(t).GET(tt.path).Header("Accept", "application/json").Do().
				Status(tt.status).
				JSONEquals(tt.body)
		})
	}
}

func TestUsersCreate(t *testing.T) {
	app := newApp(t)
	var u service.User
	res := app.POST("/api/users").Header("X-Request-Id", "req-create-1").
		JSON(map[string]any{"name": "carol", "age": 41}).Do().
		Status(http.StatusCreated).
		Header("Location", "/api/users/3").
		JSON(&u)
	if u != (service.User{ID: 3, Name: "carol", Age: 41}) {
		t.Errorf("created %+v", u)
	}
	app.GET(res.Result().Header.Get("Location")).Do().
		Status(http.StatusOK).
		JSONEquals(`{"id":3,"name":"carol","age":41}`)
	// the service logs through the request's logger: the line has its id
	app.ExpectLog(`msg="user created" logger=app req.id=req-create-1 req.method=POST req.path=/api/users`)

	// a form works as well as JSON; age is optional
	app.POST("/api/users").Body("application/x-www-form-urlencoded", "name=dave").Do().
		Status(http.StatusCreated).
		Header("Location", "/api/users/4").
		JSONEquals(`{"id":4,"name":"dave","age":0}`)
}

func TestUsersCreateRejectsBadInput(t *testing.T) {
	app := newApp(t)
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		want        string // the whole JSON body; "" checks status and message only
	}{
		{"missing name", "application/json", `{"age":20}`, 422,
			`{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"required","field":"name","code":"missing_field"}]}`},
		{"empty body", "application/json", `{}`, 422, ""},
		{"age too high", "application/json", `{"name":"eve","age":200}`, 422, ""},
		{"age below zero", "application/json", `{"name":"eve","age":-1}`, 422, ""},
		{"age of the wrong type", "application/json", `{"name":"eve","age":"x"}`, 422,
			`{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"should be an integer","field":"age","code":"invalid"}]}`},
		{"malformed JSON", "application/json", `{"name":`, 400, ""},
		{"JSON array", "application/json", `[{"name":"eve"}]`, 400, ""},
		{"body too large", "application/json", `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, 413, ""},
		{"unsupported type", "text/plain", "name=eve", 415, ""},
		{"no content type", "", `{"name":"eve"}`, 415, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := app.WithT(t).POST("/api/users").Header("Accept", "application/json").
				Body(tt.contentType, tt.body).Do().
				Status(tt.status)
			if tt.want != "" {
				res.JSONEquals(tt.want)
			}
			var body struct{ Code, Message string }
			if res.JSON(&body); body.Message == "" {
				t.Errorf("error without a message: %s", res.Body())
			}
		})
	}
	app.GET("/api/users").Do().JSONEquals(`[{"id":1,"name":"alice","age":30},{"id":2,"name":"bob","age":25}]`)
}

func TestUsersCreateFieldErrors(t *testing.T) {
	app := newApp(t)
	var body struct {
		Code   string
		Errors []egg.FieldError
	}
	app.POST("/api/users").Header("Accept", "application/json").JSON(map[string]any{"name": "eve", "age": 200}).Do().
		Status(http.StatusUnprocessableEntity).
		JSON(&body)
	if body.Code != "invalid_param" || len(body.Errors) != 1 ||
		body.Errors[0].Field != "age" || body.Errors[0].Code != "invalid" {
		t.Errorf("422 body = %+v, want one invalid error on field age", body)
	}
}

func TestUsersUpdate(t *testing.T) {
	app := newApp(t)
	app.PUT("/api/users/1").JSON(map[string]any{"name": "alice b.", "age": 31}).Do().
		Status(http.StatusOK).
		JSONEquals(`{"id":1,"name":"alice b.","age":31}`)
	app.PATCH("/api/users/2").JSON(map[string]any{"name": "robert", "age": 26}).Do().
		Status(http.StatusOK).
		JSONEquals(`{"id":2,"name":"robert","age":26}`)
	app.GET("/api/users/1").Do().JSONEquals(`{"id":1,"name":"alice b.","age":31}`)

	tests := []struct {
		name   string
		path   string
		body   map[string]any
		status int
	}{
		{"unknown id", "/api/users/42", map[string]any{"name": "x"}, 404},
		{"bad id", "/api/users/x", map[string]any{"name": "x"}, 400},
		{"invalid input", "/api/users/1", map[string]any{"age": 3}, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app.WithT(t).PUT(tt.path).Header("Accept", "application/json").JSON(tt.body).Do().Status(tt.status)
		})
	}
	app.GET("/api/users/1").Do().JSONEquals(`{"id":1,"name":"alice b.","age":31}`)
}

func TestUsersDestroy(t *testing.T) {
	app := newApp(t)
	app.DELETE("/api/users/1").Do().Status(http.StatusNoContent).BodyEquals("")
	app.GET("/api/users/1").Do().Status(http.StatusNotFound)
	app.DELETE("/api/users/1").Header("Accept", "application/json").Do().
		Status(http.StatusNotFound).
		JSONEquals(`{"code":"not_found","message":"user 1 not found"}`)
	app.DELETE("/api/users/x").Do().Status(http.StatusBadRequest)
	app.GET("/api/users").Do().JSONEquals(`[{"id":2,"name":"bob","age":25}]`)
}

func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	app := newApp(t)
	app.GET("/nope").Header("Accept", "application/json").Do().
		Status(http.StatusNotFound).
		JSONEquals(`{"message":"Not Found"}`)
	app.DELETE("/api/users").Do().
		Status(http.StatusMethodNotAllowed).
		Header("Allow", "GET, HEAD, POST")
	app.POST("/api/users/1").Do().
		Status(http.StatusMethodNotAllowed).
		Header("Allow", "GET, HEAD, PUT, PATCH, DELETE")
}

func TestMiddlewareRunsOnlyUnderAPI(t *testing.T) {
	app := newApp(t)
	if got := app.Middleware(); !slices.Contains(got, "apiMeta") {
		t.Fatalf("middleware chain = %v, want apiMeta in it", got)
	}
	app.GET("/api/users").Do().
		Header("X-API-Version", "1").
		Header("Cache-Control", "no-store")
	app.GET("/api/users/42").Do().Status(404).Header("X-API-Version", "1") // errors too
	app.GET("/").Do().Status(200).NoHeader("X-API-Version").NoHeader("Cache-Control")
	app.GET("/apis").Do().Status(404).NoHeader("X-API-Version") // a prefix is a path segment
	app.ExpectLog(`msg="api request" logger=app req.id=`)
	app.ExpectLog(`req.path=/api/users/42 req.ip=192.0.2.1 status=404`)
	app.NotExpectLog(`req.path=/ req.ip`)
}

func TestBootHookSeedsAndReports(t *testing.T) {
	seeded := newApp(t)
	seeded.ExpectLog(`msg="hello is ready" logger=app users=2`)

	unseeded := newApp(t, egg.Configure(func(c *config.Config) { c.Seed = false }))
	unseeded.GET("/api/users").Do().Status(http.StatusOK).JSONEquals(`[]`)
	unseeded.ExpectLog(`msg="hello is ready" logger=app users=0`)
}

func TestServiceIsOnePerRequest(t *testing.T) {
	type result struct{ Same bool }
	var seen []*service.UserService
	app := newApp(t, egg.Routes(func(r *egg.Router, users *egg.Service[*service.UserService]) {
		r.Get("/scope", func(c *egg.Ctx) error {
			a, b := users.Get(c), egg.Use[*service.UserService](c)
			seen = append(seen, a)
			return c.JSON(http.StatusOK, result{Same: a == b})
		})
	}))
	app.GET("/scope").Do().JSONEquals(`{"Same":true}`)
	app.GET("/scope").Do().JSONEquals(`{"Same":true}`)
	if len(seen) != 2 || seen[0] == seen[1] {
		t.Error("two requests shared a UserService; want one each")
	}
}

func TestEnvConfig(t *testing.T) {
	tests := []struct {
		env      string
		greeting string
		host     string
		users    string
	}{
		{"unittest", "Hello from egg", "127.0.0.1", `[{"id":1,"name":"alice","age":30},{"id":2,"name":"bob","age":25}]`},
		{"local", "Hello from egg (local)", "127.0.0.1", `[{"id":1,"name":"alice","age":30},{"id":2,"name":"bob","age":25}]`},
		{"prod", "Hello from egg", "0.0.0.0", `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			a := newApp(t, egg.Env(tt.env))
			if got := egg.ConfigOf[egg.ServerConfig](a.Configs()).Host; got != tt.host {
				t.Errorf("ServerConfig.Host = %q, want %q", got, tt.host)
			}
			if got := egg.ConfigOf[config.Config](a.Configs()).Greeting; got != tt.greeting {
				t.Errorf("Greeting = %q, want %q", got, tt.greeting)
			}
			a.GET("/api/users").Do().Status(http.StatusOK).JSONEquals(tt.users)
		})
	}
}

func TestEnvironmentVariablesWin(t *testing.T) {
	t.Setenv("HELLO_GREETING", "Hi from the environment")
	newApp(t).GET("/").Do().BodyContains(`"message":"Hi from the environment"`)
}

func TestServesOverHTTP(t *testing.T) {
	eggtest.VerifyNone(t)
	app := newApp(t, egg.WithServer(), egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }))
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Get("http://" + app.Addr() + "/api/users/1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("X-API-Version") != "1" {
		t.Errorf("GET over the port: %d %v", res.StatusCode, res.Header)
	}
}

// GET /api/quote calls the outbound API through the app's httpclient; the
// test intercepts it (Egg's mockHttpclient) and fails on any other call.
func TestQuoteCallsTheOutboundAPI(t *testing.T) {
	ic := httpclienttest.Intercept(t,
		httpclienttest.ReplyJSON("GET", "api.quotable.io/random", 200,
			map[string]string{"content": "Simplicity is prerequisite for reliability.", "author": "Dijkstra"}),
	)
	app := newApp(t, ic)
	app.GET("/api/quote").Header("X-Request-Id", "quote-1").Do().Status(200).
		JSONEquals(`{"content":"Simplicity is prerequisite for reliability.","author":"Dijkstra"}`)
	call := ic.AssertCalled("GET", "api.quotable.io/random")
	if got := call.Header.Get("X-Request-Id"); got != "quote-1" {
		t.Errorf("request id forwarded as %q, want quote-1", got)
	}
}

// An upstream failure is a 502 that names the upstream, never a 500.
func TestQuoteUpstreamFailure(t *testing.T) {
	ic := httpclienttest.Intercept(t, httpclienttest.Reply("GET", "api.quotable.io/random", 503, "busy"))
	app := newApp(t, ic)
	app.GET("/api/quote").Header("Accept", "application/json").Do().Status(502).
		JSONEquals(`{"code":"upstream_failed","message":"the quote service did not answer usefully"}`)
}

// GET /go redirects with the safe redirect: the app's own paths and host
// pass, every form of a foreign target becomes "/".
func TestGoRedirectsSafely(t *testing.T) {
	app := newApp(t)
	tests := []struct{ to, want string }{
		{"/api/users", "/api/users"},
		{"http://example.com/api/users", "http://example.com/api/users"}, // the app's own host
		{"//evil.com", "/"},
		{`/\evil.com`, "/"},
		{"javascript:alert(1)", "/"},
		{"http://evil.com/login", "/"},
		{"https://example.com.evil.com/", "/"},
	}
	for _, tt := range tests {
		app.WithT(t).GET("/go").Query("to", tt.to).Do().Status(http.StatusFound).Header("Location", tt.want)
	}
}

// GET /api/users answers JSONP when a callback is named; a bad name is a
// 400 that does not echo it; a cross-site <script> load is refused.
func TestUsersJSONP(t *testing.T) {
	app := newApp(t)
	app.GET("/api/users").Query("callback", "show").Do().Status(200).
		Header("Content-Type", "application/javascript; charset=utf-8").
		BodyEquals(`/**/ typeof show === 'function' && show([{"id":1,"name":"alice","age":30},{"id":2,"name":"bob","age":25}]);`)
	app.GET("/api/users").Query("_callback", "app.cb[0]").Do().Status(200).
		BodyContains(`/**/ typeof app.cb[0] === 'function' && app.cb[0]([`)
	res := app.GET("/api/users").Query("callback", "alert(1)//").Do().Status(400)
	if strings.Contains(res.Body(), "alert") {
		t.Errorf("the bad callback is echoed: %s", res.Body())
	}
	app.GET("/api/users").Query("callback", "show").Header("Sec-Fetch-Site", "cross-site").Do().Status(403)
	app.GET("/api/users").Do().Status(200).Header("Content-Type", "application/json; charset=utf-8")
}
