package session_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg/modules/session"
)

// TestSameCookieAgain: a cookie sent again is decoded from what the
// Manager remembers, and each request still gets its own session: what
// one request changes (values, flashes), another sending the same cookie
// does not see; expiry is still judged per request.
func TestSameCookieAgain(t *testing.T) {
	clock := session.NewFakeClock(t0)
	app, _ := newApp(t, session.WithClock(clock))
	ck := mustCookie(t, app, app.POST("/set?user=alice&team=red").Do())
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"team":"red","user":"alice"}`)

	// change and delete with the same cookie: the next request with it
	// sees the cookie's data, not those changes
	app.POST("/set?user=bob").Cookie(ck).Do().Status(204)
	app.POST("/delete?key=team").Cookie(ck).Do().Status(204)
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"team":"red","user":"alice"}`)

	// flashes: reading them in one request leaves them in the cookie
	withFlash := mustCookie(t, app, app.POST("/flash?kind=info&msg=saved").Cookie(ck).Do())
	for range 2 {
		app.GET("/flashes?kind=info").Cookie(withFlash).Do().JSONEquals(`["saved"]`)
	}
	more := mustCookie(t, app, app.POST("/flash?kind=info&msg=again").Cookie(withFlash).Do())
	app.GET("/flashes?kind=info").Cookie(more).Do().JSONEquals(`["saved","again"]`)
	app.GET("/flashes?kind=info").Cookie(withFlash).Do().JSONEquals(`["saved"]`)

	// a remembered cookie still expires
	clock.Advance(24 * time.Hour)
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{}`)
}

// TestSameCookieConcurrently: requests sending one cookie at once, some
// changing their session, each see the cookie's data (run with -race).
func TestSameCookieConcurrently(t *testing.T) {
	app, _ := newApp(t)
	ck := mustCookie(t, app, app.POST("/set?user=alice").Do())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				if (i+j)%3 == 0 {
					app.POST(fmt.Sprintf("/set?user=u%d&n%d=x", i, j)).Cookie(ck).Do().Status(204)
					continue
				}
				app.GET("/read").Cookie(ck).Do().JSONEquals(`{"user":"alice"}`)
			}
		})
	}
	wg.Wait()
}

// TestRememberedCookiesBounded: however many different cookies come, the
// Manager remembers a bounded number, and each decodes right.
func TestRememberedCookiesBounded(t *testing.T) {
	app, _ := newApp(t)
	m := session.ManagerOf(app.Ctx())
	for i := range session.OpenedMaxEntries + 50 {
		s := m.NewSession()
		if err := s.Set("n", i); err != nil {
			t.Fatal(err)
		}
		ck, err := m.Encode(t.Context(), s)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			got, err := m.Decode(t.Context(), ck.Value)
			if n, _ := session.Value[int](got, "n"); err != nil || n != i {
				t.Fatalf("cookie %d decodes to %d, %v", i, n, err)
			}
		}
	}
	if n := session.OpenedLen(t, app); n == 0 || n > session.OpenedMaxEntries {
		t.Errorf("%d cookies remembered, want 1..%d", n, session.OpenedMaxEntries)
	}
}
