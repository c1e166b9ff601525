// Package sessiontest sets and reads sessions in tests (egg-mock's
// mockSession): Cookie makes a session cookie, valid for the app under
// test, to send with a request; Read decodes the session a response
// saved. Both use the app's own keys and store.
//
//	app := eggtest.New(t, session.Module, myapp.Module)
//	ck := sessiontest.Cookie(t, app, map[string]any{"user": "alice"})
//	res := app.GET("/me").Cookie(ck).Do().Status(200)
//	s := sessiontest.Read(t, app, res.Result())
//	user, _ := session.Value[string](s, "user")
package sessiontest

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/session"
)

// App is an app under test: *egg.App and *eggtest.App both are one.
type App interface {
	NewContext(ctx context.Context) *egg.Ctx
}

// Manager returns the app's session manager; the test fails at once when
// the app has no session module.
func Manager(t testing.TB, app App) *session.Manager {
	t.Helper()
	m := session.ManagerOf(app.NewContext(context.Background()))
	if m == nil {
		t.Fatalf("sessiontest: the app has no session module; add session.Module (or modules.Default())")
	}
	return m
}

// Cookie returns a session cookie holding values, each stored as
// session.Session.Set stores it, that the app accepts as a valid session
// (with a store, the session is saved in it). A value that Set refuses
// fails the test.
func Cookie(t testing.TB, app App, values map[string]any) *http.Cookie {
	t.Helper()
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return CookieWith(t, app, func(s *session.Session) error {
		for _, k := range keys {
			if err := s.Set(k, values[k]); err != nil {
				return err
			}
		}
		return nil
	})
}

// CookieWith returns a session cookie for the session that fill makes
// from a new one: values, flashes, max age. An error from fill fails the
// test.
func CookieWith(t testing.TB, app App, fill func(s *session.Session) error) *http.Cookie {
	t.Helper()
	m := Manager(t, app)
	s := m.NewSession()
	if err := fill(s); err != nil {
		t.Fatalf("sessiontest: filling the session: %v", err)
	}
	ck, err := m.Encode(context.Background(), s)
	if err != nil {
		t.Fatalf("sessiontest: encoding the session cookie: %v", err)
	}
	return ck
}

// SetCookie returns the session cookie that res sets (the last, if it
// sets it more than once), or nil when res saves no session.
func SetCookie(t testing.TB, app App, res *http.Response) *http.Cookie {
	t.Helper()
	name := Manager(t, app).CookieName()
	var found *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == name {
			found = ck
		}
	}
	return found
}

// Read returns the session that res saved, decoded with the app's keys
// (and store): a detached session to read with Get, session.Value,
// Flashes, IsNew. When res deletes the session cookie it returns an empty
// session. The test fails when res sets no session cookie, or one the app
// itself would not accept.
func Read(t testing.TB, app App, res *http.Response) *session.Session {
	t.Helper()
	m := Manager(t, app)
	ck := SetCookie(t, app, res)
	if ck == nil {
		t.Fatalf("sessiontest: the response sets no %s cookie: the session was not saved (untouched or unchanged)", m.CookieName())
	}
	if ck.MaxAge < 0 || ck.Value == "" {
		return m.NewSession()
	}
	s, err := m.Decode(context.Background(), ck.Value)
	if err != nil {
		t.Fatalf("sessiontest: the response's %s cookie does not decode: %v", m.CookieName(), err)
	}
	return s
}
