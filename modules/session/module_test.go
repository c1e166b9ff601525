package session_test

import (
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
)

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
