package session_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
)

// TestRoundTripOverHTTP: a real client with a cookie jar keeps a session
// across requests over a real socket.
func TestRoundTripOverHTTP(t *testing.T) {
	app, _ := newApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer client.CloseIdleConnections()

	do := func(method, path string) (int, string, *http.Response) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res
	}
	if code, _, _ := do("POST", "/set?user=alice&lang=go"); code != 204 {
		t.Fatalf("set: %d", code)
	}
	if code, body, res := do("GET", "/read"); code != 200 || body != `{"lang":"go","user":"alice"}` {
		t.Fatalf("read: %d %s", code, body)
	} else if len(res.Cookies()) != 0 {
		t.Errorf("a read-only request saved the session: %v", res.Header["Set-Cookie"])
	}
	do("POST", "/set?user=bob")
	if _, body, _ := do("GET", "/read"); body != `{"lang":"go","user":"bob"}` {
		t.Errorf("after a second set: %s", body)
	}
	do("POST", "/delete?key=lang")
	if _, body, _ := do("GET", "/read"); body != `{"user":"bob"}` {
		t.Errorf("after delete: %s", body)
	}
	u, _ := url.Parse(srv.URL)
	if cks := jar.Cookies(u); len(cks) != 1 || cks[0].Name != "EGG_SESS" {
		t.Errorf("jar: %v", cks)
	}
}

// TestTypedValues: common types round-trip through JSON; a value read as
// the wrong type is not ok, and Get says why.
func TestTypedValues(t *testing.T) {
	app, _ := newApp(t)
	ck := mustCookie(t, app, app.POST("/typed").Do().Status(204))
	app.GET("/typed").Cookie(ck).Do().Status(200).JSONEquals(`{"n":42,"f":1.5,"ok":true,
		"user":{"name":"alice","roles":["admin"]},"m":{"a":1},"when":true,"list":["x","y"],"bad":false,"err":true}`)
}

// TestUntouchedNotSaved: no Set-Cookie unless the session changed.
func TestUntouchedNotSaved(t *testing.T) {
	app, _ := newApp(t)
	valid := sessiontest.Cookie(t, app, map[string]any{"user": "alice"})
	for _, tc := range []struct {
		name, method, path string
		cookie             *http.Cookie
	}{
		{"never touched, no cookie", "GET", "/hello", nil},
		{"never touched, with cookie", "GET", "/hello", valid},
		{"read, no cookie", "GET", "/read", nil},
		{"read, with cookie", "GET", "/read", valid},
		{"same value set again", "POST", "/set?user=alice", valid},
		{"delete a missing key", "POST", "/delete?key=nope", valid},
		{"flashes of a kind with none", "GET", "/flashes?kind=info", valid},
		{"a new session left empty", "POST", "/delete?key=x", nil},
		{"logout without a session", "POST", "/logout", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := app.WithT(t).Request(tc.method, tc.path)
			if tc.cookie != nil {
				req.Cookie(tc.cookie)
			}
			res := req.Do()
			if res.Code() >= 400 {
				t.Fatalf("status %d: %s", res.Code(), res.Body())
			}
			res.NoHeader("Set-Cookie")
		})
	}
}

// TestFlash: a flash is read once, by kind, oldest first.
func TestFlash(t *testing.T) {
	app, _ := newApp(t)
	res := app.POST("/flash?kind=info&msg=Saved").Do().Status(303)
	ck := mustCookie(t, app, res)
	ck = mustCookie(t, app, app.POST("/flash?kind=info&msg=Again").Cookie(ck).Do())
	ck = mustCookie(t, app, app.POST("/flash?kind=error&msg=Oops").Cookie(ck).Do())
	res = app.GET("/flashes?kind=info").Cookie(ck).Do().JSONEquals(`["Saved","Again"]`)
	ck = mustCookie(t, app, res)
	app.GET("/flashes?kind=info").Cookie(ck).Do().JSONEquals(`null`).NoHeader("Set-Cookie")
	res = app.GET("/flashes?kind=error").Cookie(ck).Do().JSONEquals(`["Oops"]`)
	// the last flash read empties the session: its cookie goes
	if last := mustCookie(t, app, res); last.MaxAge >= 0 {
		t.Errorf("empty session kept: %v", last)
	}
	s := sessiontest.Read(t, app, app.POST("/flash?kind=x&msg=y").Do().Result())
	if got := s.Flashes("x"); len(got) != 1 || got[0] != "y" {
		t.Errorf("sessiontest.Read flashes: %v", got)
	}
}

// TestDestroy: logout deletes the cookie; values set later start a new
// session.
func TestDestroy(t *testing.T) {
	app, _ := newApp(t)
	ck := mustCookie(t, app, app.POST("/login?user=alice").Do())
	res := app.POST("/logout").Cookie(ck).Do().Status(302)
	lines := sessionSetCookies(res)
	if len(lines) != 1 || !strings.Contains(lines[0], "Max-Age=0") || !strings.HasPrefix(lines[0], "EGG_SESS=;") {
		t.Errorf("logout Set-Cookie: %v", lines)
	}
	if s := sessiontest.Read(t, app, res.Result()); !s.IsNew() || s.Len() != 0 {
		t.Errorf("after logout: new %v, %d values", s.IsNew(), s.Len())
	}
}

// TestSaveThenSet: an explicit Save and a later change send one cookie,
// the last.
func TestSaveThenSet(t *testing.T) {
	app, _ := newApp(t)
	res := app.POST("/save-then-set").Do().Status(204)
	if lines := sessionSetCookies(res); len(lines) != 1 {
		t.Fatalf("Set-Cookie lines: %v", lines)
	}
	app.GET("/read").Cookie(mustCookie(t, app, res)).Do().JSONEquals(`{"a":1,"b":2}`)
}

// TestChangeAfterWrite: once the headers went out a session can be read
// but not changed, and Set says so.
func TestChangeAfterWrite(t *testing.T) {
	app, le := newApp(t)
	ck := sessiontest.Cookie(t, app, map[string]any{"user": "alice"})
	for _, load := range []string{"before", "after"} {
		t.Run("loaded "+load+" writing", func(t *testing.T) {
			*le = lastErr{}
			app.WithT(t).GET("/late?load=" + load).Cookie(ck).Do().Status(200).NoHeader("Set-Cookie")
			if le.err == nil || !strings.Contains(le.err.Error(), "headers went out") {
				t.Errorf("Set after writing: %v", le.err)
			}
			if le.user != "alice" {
				t.Errorf("read after writing: %q", le.user)
			}
		})
	}
}

// TestSessiontest: a cookie made by sessiontest is what the app reads.
func TestSessiontest(t *testing.T) {
	app, _ := newApp(t)
	ck := sessiontest.Cookie(t, app, map[string]any{"user": user{Name: "alice"}, "n": 3})
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"n":3,"user":{"name":"alice","roles":null}}`)
	ck = sessiontest.CookieWith(t, app, func(s *session.Session) error { return s.AddFlash("info", "hi") })
	app.GET("/flashes?kind=info").Cookie(ck).Do().JSONEquals(`["hi"]`)
	res := app.POST("/set?a=1").Cookie(ck).Do()
	s := sessiontest.Read(t, app, res.Result())
	var a string
	if ok, err := s.Get("a", &a); !ok || err != nil || a != "1" {
		t.Errorf("Read: %v %v %q", ok, err, a)
	}
	if sessiontest.SetCookie(t, app, app.GET("/hello").Do().Result()) != nil {
		t.Error("SetCookie on a response without one")
	}
	if got := session.ManagerOf(eggtest.New(t).Ctx()); got != nil {
		t.Error("ManagerOf on an app without the module")
	}
	var raw json.RawMessage
	if ok, _ := s.Get("missing", &raw); ok {
		t.Error("Get of a missing key")
	}
}
