package session_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
)

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
