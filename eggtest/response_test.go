package eggtest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// responseRoutes answers GET /user with JSON and a header, /text with a
// line of text, /big with a large text body and /empty with 204.
func responseRoutes() fx.Option {
	return egg.Routes(func(r *egg.Router) {
		r.Get("/user", func(c *egg.Ctx) error {
			c.SetHeader("X-Version", "v1.2")
			return c.JSON(http.StatusOK, map[string]any{"id": 1, "name": "alice", "tags": []string{"a"}})
		})
		r.Get("/text", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "plain\n") })
		r.Get("/big", func(c *egg.Ctx) error { return c.Text(http.StatusOK, strings.Repeat("x", 5000)) })
		r.Get("/empty", func(c *egg.Ctx) error { return c.NoContent(http.StatusNoContent) })
	})
}

func TestResponseChecks(t *testing.T) {
	app := New(t, responseRoutes())
	type user struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	tests := []struct {
		name  string
		path  string
		check func(r *Response)
		fail  []string // parts of the failure; nil: the check passes
	}{
		{"Status passes", "/user", func(r *Response) { r.Status(200) }, nil},
		{"Status fails", "/user", func(r *Response) { r.Status(201) },
			[]string{"GET /user → 200: status = 200, want 201", `body: {"id":1,"name":"alice","tags":["a"]}`}},
		{"Header passes", "/user", func(r *Response) { r.Header("x-version", "v1.2") }, nil},
		{"Header differs", "/user", func(r *Response) { r.Header("X-Version", "v2") },
			[]string{`header X-Version = "v1.2", want "v2"`}},
		{"Header missing", "/user", func(r *Response) { r.Header("X-Nope", "1") },
			[]string{`header X-Nope is missing, want "1"`}},
		{"HeaderContains passes", "/user", func(r *Response) { r.HeaderContains("Content-Type", "json") }, nil},
		{"HeaderContains fails", "/user", func(r *Response) { r.HeaderContains("Content-Type", "html") },
			[]string{`header Content-Type = "application/json; charset=utf-8", want it to contain "html"`}},
		{"HeaderContains missing", "/user", func(r *Response) { r.HeaderContains("X-Nope", "1") },
			[]string{`header X-Nope is missing, want it to contain "1"`}},
		{"NoHeader passes", "/user", func(r *Response) { r.NoHeader("X-Nope") }, nil},
		{"NoHeader fails", "/user", func(r *Response) { r.NoHeader("X-Version") },
			[]string{`header X-Version = "v1.2", want it absent`}},
		{"BodyContains passes", "/user", func(r *Response) { r.BodyContains(`"name":"alice"`) }, nil},
		{"BodyContains fails", "/user", func(r *Response) { r.BodyContains("bob") },
			[]string{`body does not contain "bob"`}},
		{"BodyEquals passes", "/text", func(r *Response) { r.BodyEquals("plain\n") }, nil},
		{"BodyEquals fails", "/text", func(r *Response) { r.BodyEquals("plain") },
			[]string{`GET /text → 200: body is not "plain"`, "body: plain"}},
		{"JSON passes", "/user", func(r *Response) {
			var u user
			r.JSON(&u)
			if u != (user{1, "alice"}) {
				t.Errorf("decoded %+v", u)
			}
		}, nil},
		{"JSON fails", "/big", func(r *Response) { var u user; r.JSON(&u) },
			[]string{"body does not decode into *eggtest.user", "… (5000 bytes in all)"}},
		{"JSONEquals passes", "/user", func(r *Response) { r.JSONEquals(`{"tags":["a"], "name":"alice", "id":1}`) }, nil},
		{"JSONEquals differs", "/user", func(r *Response) { r.JSONEquals(`{"id":2}`) },
			[]string{`body is not the JSON {"id":2}`}},
		{"JSONEquals not JSON", "/empty", func(r *Response) { r.JSONEquals(`{}`) },
			[]string{"GET /empty → 204: body is not JSON", "body: (empty)"}},
		{"chain reports each failure", "/user", func(r *Response) { r.Status(500).NoHeader("X-Version").Status(200) },
			[]string{"status = 200, want 500", "want it absent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newFakeTB(t)
			tt.check(app.WithT(tb).GET(tt.path).Do())
			if tt.fail == nil {
				tb.wantNoFailure(t)
				return
			}
			tb.wantFailure(t, tt.fail...)
			if tb.fatal {
				t.Error("a failed check stopped the test; want it to go on (Errorf)")
			}
		})
	}
}

func TestResponseAccessors(t *testing.T) {
	app := New(t, responseRoutes())
	res := app.GET("/user").Do()
	if res.Code() != 200 {
		t.Errorf("Code() = %d", res.Code())
	}
	if !strings.HasPrefix(res.Body(), `{"id":1`) {
		t.Errorf("Body() = %q", res.Body())
	}
	for range 2 { // Result's body reads from the start every time
		hr := res.Result()
		b, err := io.ReadAll(hr.Body)
		if err != nil || string(b) != res.Body() {
			t.Errorf("Result().Body = %q, %v; want %q", b, err, res.Body())
		}
		if hr.StatusCode != 200 || hr.Header.Get("X-Version") != "v1.2" {
			t.Errorf("Result() = %d %v", hr.StatusCode, hr.Header)
		}
	}
}

func TestFailureMessageCutsLongBodies(t *testing.T) {
	app := New(t, responseRoutes())
	tb := newFakeTB(t)
	app.WithT(tb).GET("/big").Do().Status(200).BodyContains("y")
	msg := tb.message()
	if len(msg) > 2*maxBodyInMessage {
		t.Errorf("message is %d bytes long; want the body cut at %d", len(msg), maxBodyInMessage)
	}
	tb.wantFailure(t, `GET /big → 200: body does not contain "y"`, "… (5000 bytes in all)")
}
