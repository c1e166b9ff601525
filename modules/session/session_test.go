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
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
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

func TestCookieAttributes(t *testing.T) {
	app, _ := newApp(t)
	lines := sessionSetCookies(app.POST("/set?a=1").Do().Status(204))
	if len(lines) != 1 {
		t.Fatalf("Set-Cookie: %v", lines)
	}
	for _, want := range []string{"; Path=/", "; Max-Age=86400", "; HttpOnly", "; SameSite=Lax"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("Set-Cookie %q lacks %q", lines[0], want)
		}
	}
	if strings.Contains(lines[0], "Secure") {
		t.Errorf("Secure on a plain HTTP request: %q", lines[0])
	}
	if v := strings.TrimPrefix(strings.SplitN(lines[0], ";", 2)[0], "EGG_SESS="); strings.Contains(v, "a") && strings.Contains(v, "1") && len(v) < 40 {
		t.Errorf("the cookie value looks unencrypted: %q", v)
	}
}

func TestConfiguredAttributes(t *testing.T) {
	app, _ := newApp(t, egg.Configure(func(c *session.Config) {
		c.CookieName, c.MaxAge, c.HTTPOnly, c.SameSite, c.Path, c.Domain = "sid", time.Hour, false, "none", "/app", "example.com"
	}))
	res := app.POST("/set?a=1").Do().Status(204)
	line := res.Result().Header.Get("Set-Cookie")
	for _, want := range []string{"sid=", "; Path=/app", "; Domain=example.com", "; Max-Age=3600", "; SameSite=None", "; Secure"} {
		if !strings.Contains(line, want) {
			t.Errorf("Set-Cookie %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, "HttpOnly") {
		t.Errorf("HttpOnly although off: %q", line)
	}
	ck := sessiontest.SetCookie(t, app, res.Result())
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"a":"1"}`)
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

// TestBadCookies: a cookie that is tampered with, truncated, of another
// app or not a session is an empty session, never an error; the next save
// replaces it.
func TestBadCookies(t *testing.T) {
	app, _ := newApp(t)
	good := sessiontest.Cookie(t, app, map[string]any{"user": "alice"}).Value
	other, _ := newApp(t, keys("another-app-key"))
	foreign := sessiontest.Cookie(t, other, map[string]any{"user": "mallory"}).Value
	renamed, _ := newApp(t, egg.Configure(func(c *session.Config) { c.CookieName = "OTHER" }))
	otherName := sessiontest.Cookie(t, renamed, map[string]any{"user": "mallory"}).Value

	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	for _, tc := range []struct{ name, value string }{
		{"flipped in the nonce", flip(good, 3)},
		{"flipped in the ciphertext", flip(good, len(good)/2)},
		{"flipped in the tag", flip(good, len(good)-2)},
		{"truncated", good[:len(good)-5]},
		{"only the envelope", good[:20]},
		{"one character", "A"},
		{"not base64", "%%%%not*base64"},
		{"padded base64", good + "=="},
		{"another app's keys", foreign},
		{"same keys, another cookie name", otherName},
		{"huge", strings.Repeat("A", 20000)},
		{"base64 of JSON", "eyJ1c2VyIjoiYWRtaW4ifQ"},
		{"plain text", "user:admin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := app.WithT(t)
			ck := &http.Cookie{Name: "EGG_SESS", Value: tc.value}
			a.GET("/read").Cookie(ck).Do().Status(200).BodyEquals("{}").NoHeader("Set-Cookie")
			a.GET("/info").Cookie(ck).Do().Status(200).JSONEquals(`{"new":true,"maxAge":"24h0m0s","len":0,"err":""}`)
			// touching it replaces the bad cookie with a good one
			res := a.POST("/set?x=1").Cookie(ck).Do().Status(204)
			a.GET("/read").Cookie(mustCookie(t, app, res)).Do().JSONEquals(`{"x":"1"}`)
			// and emptying it deletes the bad cookie
			res = a.POST("/logout").Cookie(ck).Do().Status(302)
			if got := mustCookie(t, app, res); got.MaxAge >= 0 {
				t.Errorf("logout with a bad cookie: %v, want a deletion", got)
			}
		})
	}
}

// TestExpired: past its max age a session is empty, whatever the
// browser does with Max-Age.
func TestExpired(t *testing.T) {
	clock := session.NewFakeClock(t0)
	app, _ := newApp(t, session.WithClock(clock))
	ck := mustCookie(t, app, app.POST("/set?user=alice").Do())
	clock.Advance(24*time.Hour - time.Second)
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"user":"alice"}`)
	clock.Advance(time.Second)
	app.GET("/read").Cookie(ck).Do().Status(200).JSONEquals(`{}`).NoHeader("Set-Cookie")
	app.GET("/info").Cookie(ck).Do().JSONEquals(`{"new":true,"maxAge":"24h0m0s","len":0,"err":""}`)
}

// TestRenewal: a session read with less than half its max age left is
// saved again with a full max age; with more left it is not.
func TestRenewal(t *testing.T) {
	clock := session.NewFakeClock(t0)
	app, _ := newApp(t, session.WithClock(clock))
	ck := mustCookie(t, app, app.POST("/set?user=alice").Do())

	clock.Advance(11 * time.Hour) // 13 h left of 24
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"user":"alice"}`).NoHeader("Set-Cookie")

	clock.Advance(2 * time.Hour) // 11 h left
	res := app.GET("/read").Cookie(ck).Do().JSONEquals(`{"user":"alice"}`)
	renewed := mustCookie(t, app, res)
	if renewed.MaxAge != 86400 {
		t.Errorf("renewed Max-Age %d", renewed.MaxAge)
	}
	s := sessiontest.Read(t, app, res.Result())
	if want := t0.Add(13 * time.Hour).Add(24 * time.Hour); !s.Expires().Equal(want) {
		t.Errorf("renewed expiry %v, want %v", s.Expires(), want)
	}
	// the old cookie dies on time, the renewed one lives on
	clock.Advance(12 * time.Hour)
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{}`)
	app.GET("/read").Cookie(renewed).Do().JSONEquals(`{"user":"alice"}`)

	t.Run("off", func(t *testing.T) {
		clock := session.NewFakeClock(t0)
		app, _ := newApp(t, session.WithClock(clock), egg.Configure(func(c *session.Config) { c.Renew = false }))
		ck := mustCookie(t, app, app.POST("/set?user=alice").Do())
		clock.Advance(20 * time.Hour)
		app.GET("/read").Cookie(ck).Do().JSONEquals(`{"user":"alice"}`).NoHeader("Set-Cookie")
	})
}

// TestRememberMe: a session's own max age is in its cookie and is kept
// by renewals.
func TestRememberMe(t *testing.T) {
	clock := session.NewFakeClock(t0)
	app, _ := newApp(t, session.WithClock(clock))
	ck := mustCookie(t, app, app.POST("/login?user=alice&remember=1").Do().Status(200))
	if ck.MaxAge != 30*24*3600 {
		t.Fatalf("Max-Age %d", ck.MaxAge)
	}
	clock.Advance(10 * 24 * time.Hour) // beyond the default max age, within its own
	app.GET("/info").Cookie(ck).Do().JSONEquals(`{"new":false,"maxAge":"720h0m0s","len":1,"err":""}`).NoHeader("Set-Cookie")
	clock.Advance(6 * 24 * time.Hour) // less than half left: renewed for 30 days again
	renewed := mustCookie(t, app, app.GET("/read").Cookie(ck).Do().JSONEquals(`{"user":"alice"}`))
	if renewed.MaxAge != 30*24*3600 {
		t.Errorf("renewed Max-Age %d", renewed.MaxAge)
	}
}

// TestKeyRotation: with a new key first, cookies made with the old key
// still open, and are re-encrypted with the new key on their next
// response; once the old key is dropped, old cookies are empty sessions.
func TestKeyRotation(t *testing.T) {
	oldApp, _ := newApp(t, keys("old-key-0123456789"))
	oldCookie := mustCookie(t, oldApp, oldApp.POST("/set?user=alice").Do())

	rotated, _ := newApp(t, keys("new-key-0123456789", "old-key-0123456789"))
	res := rotated.GET("/read").Cookie(oldCookie).Do().JSONEquals(`{"user":"alice"}`)
	reencrypted := mustCookie(t, rotated, res)
	// a cookie made with the new key is not rewritten
	rotated.GET("/read").Cookie(reencrypted).Do().JSONEquals(`{"user":"alice"}`).NoHeader("Set-Cookie")

	newOnly, _ := newApp(t, keys("new-key-0123456789"))
	newOnly.GET("/read").Cookie(reencrypted).Do().JSONEquals(`{"user":"alice"}`)
	newOnly.GET("/read").Cookie(oldCookie).Do().JSONEquals(`{}`)
	oldApp.GET("/read").Cookie(reencrypted).Do().JSONEquals(`{}`)
}

// TestSecure: the cookie is Secure when the request is HTTPS: by TLS, or
// by X-Forwarded-Proto in proxy mode only.
func TestSecure(t *testing.T) {
	t.Run("proxy header", func(t *testing.T) {
		app, _ := newApp(t, egg.Configure(func(c *egg.HTTPConfig) { c.Proxy = true }))
		line := sessionSetCookies(app.POST("/set?a=1").Header("X-Forwarded-Proto", "https").Do())
		if len(line) != 1 || !strings.HasSuffix(line[0], "; Secure") {
			t.Errorf("https by proxy: %v", line)
		}
		line = sessionSetCookies(app.POST("/set?a=1").Header("X-Forwarded-Proto", "http").Do())
		if len(line) != 1 || strings.Contains(line[0], "Secure") {
			t.Errorf("http by proxy: %v", line)
		}
	})
	t.Run("header ignored without proxy mode", func(t *testing.T) {
		app, _ := newApp(t)
		line := sessionSetCookies(app.POST("/set?a=1").Header("X-Forwarded-Proto", "https").Do())
		if len(line) != 1 || strings.Contains(line[0], "Secure") {
			t.Errorf("spoofed https: %v", line)
		}
	})
	t.Run("TLS", func(t *testing.T) {
		app, _ := newApp(t)
		srv := httptest.NewTLSServer(app)
		defer srv.Close()
		client := srv.Client()
		defer client.CloseIdleConnections()
		res, err := client.Post(srv.URL+"/set?a=1", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cks := res.Cookies()
		if len(cks) != 1 || !cks[0].Secure || !cks[0].HttpOnly {
			t.Errorf("over TLS: %v", res.Header["Set-Cookie"])
		}
	})
}

// TestSizeLimit: with the cookie store, a value that would pass 4096
// bytes is refused at Set, naming the size and the fix; the session keeps
// what it had.
func TestSizeLimit(t *testing.T) {
	app, _ := newApp(t, onerror.Module)
	ck := mustCookie(t, app, app.POST("/set?user=alice").Do())
	res := app.POST("/big?n=5000").Cookie(ck).Do().Status(500).NoHeader("Set-Cookie")
	for _, want := range []string{`Set("big")`, "EGG_SESS", "6784 bytes", "more than the 4096 bytes", "session.NewMemoryStore", "contrib/redis"} {
		res.BodyContains(want) // onerror shows 5xx messages in unittest
	}
	app.ExpectLog("more than the 4096 bytes")
	app.POST("/bigflash?n=5000").Cookie(ck).Do().Status(500)
	// just under the limit is fine, and the cookie really is under 4096
	res = app.POST("/big?n=2900").Cookie(ck).Do().Status(200)
	big := mustCookie(t, app, res)
	if n := len(big.Name) + 1 + len(big.Value); n > session.CookieSizeLimit || n < 3900 {
		t.Errorf("cookie of %d bytes", n)
	}
	var tooLarge *session.TooLargeError
	s := sessiontest.Read(t, app, res.Result())
	if err := s.Set("more", strings.Repeat("y", 200)); err == nil || !asTooLarge(err, &tooLarge) || tooLarge.Size <= session.CookieSizeLimit {
		t.Errorf("Set past the limit: %v", err)
	}
	if s.Has("more") {
		t.Error("a refused value was kept")
	}
	if err := s.AddFlash("info", strings.Repeat("z", 300)); err == nil {
		t.Error("AddFlash past the limit succeeded")
	}
	if got := s.Flashes("info"); got != nil {
		t.Errorf("a refused flash was kept: %d", len(got))
	}
	if err := s.AddFlash("info", "short"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFlash("info", strings.Repeat("z", 300)); err == nil {
		t.Error("a second AddFlash past the limit succeeded")
	}
	if got := s.Flashes("info"); len(got) != 1 || got[0] != "short" {
		t.Errorf("flashes after a refused one: %q", got)
	}
	t.Run("no limit with a store", func(t *testing.T) {
		app, _ := newApp(t, storeOption(session.NewMemoryStore(0)))
		ck := mustCookie(t, app, app.POST("/big?n=20000").Do().Status(200))
		if len(ck.Value) > 200 {
			t.Errorf("the store's cookie is %d bytes", len(ck.Value))
		}
		res := app.GET("/read").Cookie(ck).Do().Status(200)
		var got map[string]string
		res.JSON(&got)
		if len(got["big"]) != 20000 {
			t.Errorf("read back %d bytes", len(got["big"]))
		}
	})
}

func asTooLarge(err error, target **session.TooLargeError) bool {
	e, ok := err.(*session.TooLargeError)
	*target = e
	return ok
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

// TestMiddlewareOff: where the middleware is skipped, Set fails naming
// why, and nothing is saved.
func TestMiddlewareOff(t *testing.T) {
	app, _ := newApp(t, onerror.Module, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{"session": {Ignore: []egg.Matcher{egg.PathPrefix("/api")}}}
	}))
	app.GET("/api/set").Do().Status(500).NoHeader("Set-Cookie").BodyContains("session middleware did not run")
	app.ExpectLog("session middleware did not run")
	app.POST("/set?a=1").Do().Status(204) // elsewhere it works
	if got := app.Middleware(); !contains(got, "session") {
		t.Errorf("middleware %v", got)
	}
	// an anonymous context has no session either
	if err := session.Get(app.Ctx()).Set("a", 1); err == nil {
		t.Error("Set on an anonymous context succeeded")
	}
	// nor an app without the module
	bare := eggtest.New(t)
	if s := session.Get(bare.Ctx()); s.Set("a", 1) == nil || s.Err() == nil || s.Len() != 0 {
		t.Error("Set without the module succeeded")
	}
	bare.ExpectLog("session middleware did not run")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestNoKeys: without app keys, unittest uses a random key (and warns);
// prod starts, and a handler's Set fails naming EGG_KEYS.
func TestNoKeys(t *testing.T) {
	t.Run("unittest", func(t *testing.T) {
		le := &lastErr{}
		app := eggtest.New(t, session.Module, routes(le))
		app.ExpectLog("random key")
		ck := mustCookie(t, app, app.POST("/set?a=1").Do().Status(204))
		app.GET("/read").Cookie(ck).Do().JSONEquals(`{"a":"1"}`)
	})
	t.Run("prod", func(t *testing.T) {
		le := &lastErr{}
		app := eggtest.New(t, egg.Env("prod"), session.Module, onerror.Module, routes(le))
		app.ExpectLog("EGG_KEYS")
		app.GET("/hello").Do().Status(200)
		app.GET("/read").Do().Status(200).BodyEquals("{}")
		app.POST("/set?a=1").Do().Status(500).NoHeader("Set-Cookie")
		app.ExpectLog("set EGG_KEYS")
	})
}

// TestConfigErrors: a bad config fails start-up naming the field, its env
// var and the fix.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(c *session.Config)
		want string
	}{
		{"empty name", func(c *session.Config) { c.CookieName = "" }, "SESSION_COOKIE_NAME"},
		{"bad name", func(c *session.Config) { c.CookieName = "a b" }, "SESSION_COOKIE_NAME"},
		{"zero max age", func(c *session.Config) { c.MaxAge = 0 }, "SESSION_MAX_AGE"},
		{"bad same site", func(c *session.Config) { c.SameSite = "loose" }, "SESSION_SAME_SITE"},
		{"relative path", func(c *session.Config) { c.Path = "app" }, "SESSION_PATH"},
		{"bad domain", func(c *session.Config) { c.Domain = "a;b" }, "SESSION_DOMAIN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, session.Module, keys("k"), egg.Configure(tc.fn))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("start error %v, want one naming %s", err, tc.want)
			}
		})
	}
	t.Run("env", func(t *testing.T) {
		t.Setenv("SESSION_MAX_AGE", "2h")
		t.Setenv("SESSION_COOKIE_NAME", "sid")
		app, _ := newApp(t)
		if !strings.HasPrefix(app.POST("/set?a=1").Do().Result().Header.Get("Set-Cookie"), "sid=") {
			t.Error("SESSION_COOKIE_NAME ignored")
		}
		if m := sessiontest.Manager(t, app).Config(); m.MaxAge != 2*time.Hour {
			t.Errorf("MaxAge %v", m.MaxAge)
		}
	})
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
