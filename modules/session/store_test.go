package session_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
	"go.uber.org/fx"
)

func storeOption(s session.Store) fx.Option {
	return fx.Provide(func() session.Store { return s })
}

// TestMemoryStoreSessions: with a store the cookie holds only the id;
// Regenerate changes the id and removes the old entry, so the old cookie
// is worth nothing; Destroy removes the entry.
func TestMemoryStoreSessions(t *testing.T) {
	store := session.NewMemoryStore(0)
	app, _ := newApp(t, storeOption(store))

	anon := mustCookie(t, app, app.POST("/set?cart=3").Do().Status(204))
	anonID := app.GET("/id").Cookie(anon).Do().Body()
	if store.Len() != 1 {
		t.Fatalf("store has %d entries", store.Len())
	}
	res := app.POST("/login?user=alice").Cookie(anon).Do().Status(200)
	loggedIn := mustCookie(t, app, res)
	newID := res.Body()
	if newID == anonID || len(newID) != 22 {
		t.Fatalf("Regenerate: id %q, before %q", newID, anonID)
	}
	if store.Len() != 1 {
		t.Errorf("after Regenerate the store has %d entries, want the old one gone", store.Len())
	}
	if got, _, _ := store.Get(context.Background(), anonID); got != nil {
		t.Error("the old id is still in the store")
	}
	app.GET("/read").Cookie(loggedIn).Do().JSONEquals(`{"cart":"3","user":"alice"}`)
	// the pre-login cookie (an attacker's planted one) no longer opens anything
	app.GET("/read").Cookie(anon).Do().JSONEquals(`{}`)
	app.GET("/info").Cookie(anon).Do().JSONEquals(`{"new":true,"maxAge":"24h0m0s","len":0,"err":""}`)

	// sessiontest works with the store too
	s := sessiontest.Read(t, app, res.Result())
	if u, _ := session.Value[string](s, "user"); u != "alice" {
		t.Errorf("sessiontest.Read with a store: user %q", u)
	}
	planted := sessiontest.Cookie(t, app, map[string]any{"user": "bob"})
	app.GET("/read").Cookie(planted).Do().JSONEquals(`{"user":"bob"}`)

	res = app.POST("/logout").Cookie(loggedIn).Do().Status(302)
	if ck := mustCookie(t, app, res); ck.MaxAge >= 0 {
		t.Errorf("logout cookie %v", ck)
	}
	app.GET("/read").Cookie(loggedIn).Do().JSONEquals(`{}`)
	if _, found, _ := store.Get(context.Background(), newID); found {
		t.Error("Destroy left the entry in the store")
	}
}

// TestMemoryStoreEmptied: a session whose last value is deleted leaves
// neither a cookie nor a store entry.
func TestMemoryStoreEmptied(t *testing.T) {
	store := session.NewMemoryStore(0)
	app, _ := newApp(t, storeOption(store))
	ck := mustCookie(t, app, app.POST("/set?a=1").Do())
	if store.Len() != 1 {
		t.Fatalf("%d entries", store.Len())
	}
	if got := mustCookie(t, app, app.POST("/delete?key=a").Cookie(ck).Do().Status(204)); got.MaxAge >= 0 {
		t.Errorf("emptied session's cookie: %v", got)
	}
	if store.Len() != 0 {
		t.Errorf("emptied session left %d entries", store.Len())
	}
}

// TestMemoryStoreTTL: the store's entry expires with the session.
func TestMemoryStoreTTL(t *testing.T) {
	clock := session.NewFakeClock(t0)
	store := session.NewMemoryStore(0)
	session.SetMemoryClock(store, clock)
	app, _ := newApp(t, storeOption(store), session.WithClock(clock))
	ck := mustCookie(t, app, app.POST("/set?a=1").Do())
	clock.Advance(23 * time.Hour)
	// renewed: less than half left; the entry's TTL is extended too
	ck = mustCookie(t, app, app.GET("/read").Cookie(ck).Do().JSONEquals(`{"a":"1"}`))
	clock.Advance(23 * time.Hour)
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"a":"1"}`)
	clock.Advance(2 * time.Hour)
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{}`)
}

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	clock := session.NewFakeClock(t0)
	s := session.NewMemoryStore(time.Millisecond)
	session.SetMemoryClock(s, clock)
	defer s.Close()

	if _, found, err := s.Get(ctx, "x"); found || err != nil {
		t.Fatalf("empty store: %v %v", found, err)
	}
	buf := []byte("data")
	if err := s.Set(ctx, "x", buf, time.Minute); err != nil {
		t.Fatal(err)
	}
	buf[0] = 'X' // the store keeps its own copy
	if got, found, _ := s.Get(ctx, "x"); !found || string(got) != "data" {
		t.Fatalf("Get: %q %v", got, found)
	}
	_ = s.Set(ctx, "y", []byte("y"), time.Hour)
	clock.Advance(time.Minute)
	if _, found, _ := s.Get(ctx, "x"); found {
		t.Error("an expired entry was returned")
	}
	// the sweeper removes expired entries nobody asks for
	_ = s.Set(ctx, "z", []byte("z"), time.Second)
	clock.Advance(2 * time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for s.Len() != 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if s.Len() != 1 {
		t.Errorf("after sweeping %d entries, want 1 (y)", s.Len())
	}
	if err := s.Destroy(ctx, "y"); err != nil || s.Len() != 0 {
		t.Errorf("Destroy: %v, %d left", err, s.Len())
	}
	if err := s.Destroy(ctx, "missing"); err != nil {
		t.Errorf("Destroy of a missing id: %v", err)
	}
}

// TestMemoryStoreClose: Close stops the sweeper (goleak checks in
// TestMain), twice is fine, and the store keeps working without it.
func TestMemoryStoreClose(t *testing.T) {
	ctx := context.Background()
	s := session.NewMemoryStore(0)
	if err := s.Close(); err != nil { // never started
		t.Fatal(err)
	}
	s = session.NewMemoryStore(0)
	_ = s.Set(ctx, "a", []byte("1"), time.Hour)
	_ = s.Close()
	_ = s.Close()
	_ = s.Set(ctx, "b", []byte("2"), time.Hour) // must not restart the sweeper
	if _, found, _ := s.Get(ctx, "b"); !found {
		t.Error("the store stopped working after Close")
	}
}

// TestMemoryStoreClosedWithApp: the module closes an io.Closer store at
// BeforeClose, so the sweeper does not outlive the app.
func TestMemoryStoreClosedWithApp(t *testing.T) {
	eggtest.VerifyNone(t)
	store := session.NewMemoryStore(0)
	t.Run("app", func(t *testing.T) {
		app, _ := newApp(t, storeOption(store))
		app.POST("/set?a=1").Do().Status(204)
	})
}

func TestMemoryStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s := session.NewMemoryStore(time.Millisecond)
	defer s.Close()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := string(rune('a' + i))
			for range 200 {
				_ = s.Set(ctx, id, []byte(id), time.Millisecond)
				_, _, _ = s.Get(ctx, id)
				_ = s.Destroy(ctx, id)
			}
		}()
	}
	wg.Wait()
}

// failingStore fails the operations it is told to.
type failingStore struct {
	*session.MemoryStore
	failGet, failSet bool
}

var errDown = errors.New("store is down")

func (f *failingStore) Get(ctx context.Context, id string) ([]byte, bool, error) {
	if f.failGet {
		return nil, false, errDown
	}
	return f.MemoryStore.Get(ctx, id)
}

func (f *failingStore) Set(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	if f.failSet {
		return errDown
	}
	return f.MemoryStore.Set(ctx, id, data, ttl)
}

// TestStoreErrors: a store that cannot load gives an empty session that
// refuses changes (so it cannot overwrite the real one), and the error is
// logged; one that cannot save logs the error and sets no cookie.
func TestStoreErrors(t *testing.T) {
	fs := &failingStore{MemoryStore: session.NewMemoryStore(0)}
	app, _ := newApp(t, storeOption(fs), onerror.Module)
	ck := mustCookie(t, app, app.POST("/set?a=1").Do().Status(204))

	fs.failGet = true
	app.GET("/info").Cookie(ck).Do().Status(200).BodyContains("store is down")
	app.ExpectLog("session: not loaded")
	res := app.POST("/set?a=2").Cookie(ck).Do().Status(500).NoHeader("Set-Cookie")
	if !strings.Contains(res.Body(), "store is down") {
		t.Errorf("body %s", res.Body())
	}
	fs.failGet = false

	fs.failSet = true
	app.POST("/set?a=3").Cookie(ck).Do().Status(204).NoHeader("Set-Cookie")
	app.ExpectLog("session: not saved")
	fs.failSet = false
	app.GET("/read").Cookie(ck).Do().JSONEquals(`{"a":"1"}`)
}
