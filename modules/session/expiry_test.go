package session_test

import (
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
)

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
