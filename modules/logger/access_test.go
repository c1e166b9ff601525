package logger_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
)

func accessRoutes(r *egg.Router) {
	r.Get("/users/:id", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "user "+c.Param("id")) }).Name("user")
	r.Post("/items", func(c *egg.Ctx) error { return c.JSON(http.StatusCreated, map[string]int{"id": 1}) })
	r.All("/any", func(c *egg.Ctx) error { return c.NoContent(http.StatusNoContent) }).Name("anything")
	r.Get("/quiet", func(c *egg.Ctx) error { return nil }) // writes nothing: net/http sends 200
	r.Get("/healthz", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "ok") })
	r.Get("/healthz/deep", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "ok") })
	r.Get("/healthzx", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "not a probe") })
	r.Get("/probe", func(c *egg.Ctx) error {
		logger.SkipAccessLog(c)
		return c.Text(http.StatusOK, "ok")
	})
	r.Get("/boom", func(c *egg.Ctx) error { panic("boom") })
}

func TestAccessLogJSON(t *testing.T) {
	app, dir := newApp(t, "prod", egg.Routes(accessRoutes),
		egg.Configure(func(c *logger.Config) { c.AccessLogIgnore = []string{"/healthz"} }))
	app.GET("/users/7").Header("X-Request-Id", "req-1").Do().Status(200)
	app.HEAD("/users/8").Do()
	app.POST("/items").JSON(map[string]string{}).Do().Status(201)
	app.Request("PUT", "/any").Do().Status(204)
	app.GET("/quiet").Do()
	app.GET("/missing").Do().Status(404)
	app.GET("/boom").Do().Status(500)
	app.GET("/healthz").Do()      // ignored
	app.GET("/healthz/deep").Do() // ignored: under the prefix
	app.GET("/probe").Do()        // skipped by its handler
	app.GET("/healthzx").Do()     // logged: not under /healthz

	type entry struct {
		Time, Method, Path, Route, Name, IP, ID string
		Status                                  int
		Bytes                                   int64
		MS                                      *float64
	}
	var got []entry
	for _, l := range lines(read(t, dir, "shop-access.log")) {
		var raw map[string]any
		if err := json.Unmarshal([]byte(l), &raw); err != nil {
			t.Fatalf("not JSON: %v: %s", err, l)
		}
		for _, k := range []string{"time", "method", "path", "route", "name", "status", "bytes", "ms", "ip", "id"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("field %q missing: %s", k, l)
			}
		}
		var e entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	want := []entry{
		{Method: "GET", Path: "/users/7", Route: "/users/{id}", Name: "user", Status: 200, Bytes: 6, ID: "req-1"},
		{Method: "HEAD", Path: "/users/8", Route: "/users/{id}", Name: "user", Status: 200, Bytes: 6},
		{Method: "POST", Path: "/items", Route: "/items", Status: 201, Bytes: 8},
		{Method: "PUT", Path: "/any", Route: "/any", Name: "anything", Status: 204},
		{Method: "GET", Path: "/quiet", Route: "/quiet", Status: 200},
		{Method: "GET", Path: "/missing", Status: 404, Bytes: -1},
		{Method: "GET", Path: "/boom", Route: "/boom", Status: 500, Bytes: -1},
		{Method: "GET", Path: "/healthzx", Route: "/healthzx", Status: 200, Bytes: 11},
	}
	if len(got) != len(want) {
		t.Fatalf("%d access lines, want one per logged request (%d):\n%s", len(got), len(want), read(t, dir, "shop-access.log"))
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path || g.Route != w.Route || g.Name != w.Name || g.Status != w.Status {
			t.Errorf("line %d = %+v\nwant %+v", i, g, w)
		}
		if w.Bytes >= 0 && g.Bytes != w.Bytes {
			t.Errorf("line %d bytes = %d, want %d", i, g.Bytes, w.Bytes)
		}
		if w.Bytes < 0 && g.Bytes <= 0 {
			t.Errorf("line %d: an error body has bytes, got %d", i, g.Bytes)
		}
		if w.ID != "" && g.ID != w.ID {
			t.Errorf("line %d id = %q, want %q", i, g.ID, w.ID)
		}
		if g.ID == "" || g.IP == "" || g.MS == nil || *g.MS < 0 || !strings.HasPrefix(g.Time, "20") {
			t.Errorf("line %d lacks id, ip, ms or time: %+v", i, g)
		}
	}
}

func TestAccessLogText(t *testing.T) {
	app, dir := newApp(t, "local", egg.Routes(func(r *egg.Router) {
		r.Get("/files/*", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "f") }).Name("file")
	}))
	app.GET("/files/a%20b%22c%3Dd").Header("X-Request-Id", "r2").Do().Status(200)
	app.GET("/files/plain").Do()
	got := lines(read(t, dir, "shop-access.log"))
	if len(got) != 2 {
		t.Fatalf("want 2 lines, got %q", got)
	}
	// a client's path is quoted, so it can neither break the line nor add a field
	mustContain(t, "access line", got[0], ` method=GET path="/files/a b\"c=d" route=/files/* name=file status=200 bytes=1 ms=`, " id=r2")
	mustContain(t, "access line", got[1], " path=/files/plain ")
	if !strings.HasPrefix(got[0], "20") || strings.Count(got[0], "=") != 10 {
		t.Errorf("a text line is the time, then ten fields: %s", got[0])
	}
}

func TestAccessLogOff(t *testing.T) {
	app, dir := newApp(t, "local", egg.Routes(accessRoutes),
		egg.Configure(func(c *logger.Config) { c.AccessLog = false }))
	app.GET("/users/1").Do()
	if got := read(t, dir, "shop-access.log"); got != "" {
		t.Errorf("AccessLog false writes no access file, got %q", got)
	}
}
