package onerror_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// PostInput is what the blog's create-post action binds.
type PostInput struct {
	Title string `json:"title" validate:"required"`
	Words int    `json:"words" validate:"min=1"`
}

func postRoutes() egg.ModuleOption {
	return egg.Module("posts", egg.Routes(func(r *egg.Router) {
		r.Post("/api/posts", func(c *egg.Ctx) error {
			var in PostInput
			if err := c.Bind(&in); err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, in)
		})
		r.Get("/api/posts/:id", func(c *egg.Ctx) error {
			return egg.NewError(http.StatusNotFound, "not_found", "post "+c.Param("id")+" not found")
		})
		r.Get("/page", func(c *egg.Ctx) error { return egg.NewError(http.StatusNotFound, "", "no page") })
		r.Get("/api/docs/x", func(c *egg.Ctx) error { return egg.NewError(http.StatusNotFound, "", "no doc") })
	}))
}

// lockedBuffer collects a JSON log handler's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Split(strings.TrimSpace(l.b.String()), "\n")
}

// The bug: a 422's warn line carried validator's raw text ("Key:
// 'PostInput.title' Error:Field validation for 'title' failed on the
// 'required' tag"). It now carries the field errors.
func TestA422IsLoggedWithItsFieldErrors(t *testing.T) {
	var jsonLog lockedBuffer
	app := eggtest.New(t, bodyparser.Module, onerror.Module, postRoutes(),
		egg.WithLogHandler(slog.NewJSONHandler(&jsonLog, nil)))
	app.POST("/api/posts").JSON(map[string]any{"words": 0}).Do().Status(422)

	app.ExpectLog(`level=WARN msg="request rejected"`)
	app.ExpectLog(`status=422 code=invalid_param message="Validation Failed" errors="title (missing_field): required; words (invalid): should be at least 1"`)
	app.NotExpectLog("Key: 'PostInput")
	app.NotExpectLog("Field validation")

	var rec map[string]any
	for _, l := range jsonLog.lines() {
		if strings.Contains(l, `"request rejected"`) {
			if err := json.Unmarshal([]byte(l), &rec); err != nil {
				t.Fatalf("JSON log line %s: %v", l, err)
			}
		}
	}
	got, _ := json.Marshal(rec["errors"])
	want := `[{"code":"missing_field","field":"title","message":"required"},{"code":"invalid","field":"words","message":"should be at least 1"}]`
	if string(got) != want {
		t.Errorf("JSON log errors = %s\nwant %s", got, want)
	}
	if _, ok := rec["err"]; ok {
		t.Errorf("JSON log line carries the raw error: %v", rec["err"])
	}
}

func TestOther4xxAreLoggedWithTheirError(t *testing.T) {
	app := eggtest.New(t, bodyparser.Module, onerror.Module, postRoutes())
	app.GET("/api/posts/9").Do().Status(404)
	app.ExpectLog(`status=404 code=not_found err="404 not_found: post 9 not found"`)
	app.POST("/api/posts").Body("application/json", `{"title":`).Do().Status(400)
	app.ExpectLog(`status=400 code=invalid_json err="400 invalid_json: Problems parsing JSON: unexpected end of JSON input at byte 9: unexpected end of JSON input"`)
}

func TestPathFormats(t *testing.T) {
	app := eggtest.New(t, bodyparser.Module, onerror.Module, postRoutes(), egg.Env("prod"),
		egg.Configure(func(c *onerror.Config) {
			c.PathFormats = map[string]string{"/api": "json", "/api/docs": "", "/page": "html"}
		}))
	tests := []struct {
		path, accept string
		ctype, body  string
	}{
		{"/api/posts/1", "*/*", "application/json", `{"code":"not_found","message":"post 1 not found"}` + "\n"},
		{"/api/posts/1", "text/html", "application/json", `{"code":"not_found","message":"post 1 not found"}` + "\n"},
		{"/api/posts/1", "", "application/json", `{"code":"not_found","message":"post 1 not found"}` + "\n"},
		{"/api/docs/x", "*/*", "text/plain", "no doc\n"},                   // "" negotiates under /api/docs
		{"/api/docs/x", "text/html", "text/html", "<h2>404 no doc</h2>\n"}, // the longest prefix wins
		{"/page", "*/*", "text/html", "<h2>404 no page</h2>\n"},
		{"/pages", "*/*", "text/plain", "Not Found\n"}, // whole segments only
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.accept, func(t *testing.T) {
			req := app.WithT(t).GET(tt.path)
			if tt.accept != "" {
				req.Header("Accept", tt.accept)
			}
			res := req.Do().Status(404).HeaderContains("Content-Type", tt.ctype).BodyEquals(tt.body)
			if forced := !strings.HasPrefix(tt.path, "/api/docs") && tt.path != "/pages"; forced {
				res.NoHeader("Vary") // a forced format does not depend on Accept
			} else {
				res.Header("Vary", "Accept")
			}
		})
	}
}

func TestPathFormatsFromTheEnvironment(t *testing.T) {
	t.Setenv("ONERROR_PATH_FORMATS", "/api:json")
	app := eggtest.New(t, onerror.Module, postRoutes())
	app.GET("/api/posts/1").Do().Status(404).JSONEquals(`{"code":"not_found","message":"post 1 not found"}`)
	app.GET("/page").Do().Status(404).Header("Content-Type", "text/plain; charset=utf-8")

	t.Setenv("ONERROR_PATH_FORMATS", "api:json")
	_, err := eggtest.Start(t, onerror.Module)
	want := `egg: module "onerror" config field PathFormats = map[api:json] (set by env ONERROR_PATH_FORMATS) is invalid: prefix "api" must start with "/", e.g. "/api"`
	if err == nil || err.Error() != want {
		t.Errorf("Start error = %v\nwant %s", err, want)
	}
}
