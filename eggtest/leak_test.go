package eggtest

import (
	"net/http"
	"testing"
	"time"

	"github.com/egg-go/egg"
)

func TestMain(m *testing.M) { VerifyTestMain(m) }

func TestVerifyNonePassesForAnAppThatStops(t *testing.T) {
	tb := newFakeTB(t)
	tb.run(func(tb testing.TB) {
		VerifyNone(tb)
		app := New(tb, greeterModule(), egg.WithServer(),
			egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }))
		// a real request over the port, on a connection closed after it
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		res, err := client.Get("http://" + app.Addr() + "/")
		if err != nil {
			tb.Fatalf("GET over the port: %v", err)
		}
		res.Body.Close()
		app.GET("/").Do().Status(404)
	})
	tb.finish() // the app stops, then the leak check runs
	tb.wantNoFailure(t)
}

func TestVerifyNoneFindsALeak(t *testing.T) {
	tb := newFakeTB(t)
	release := make(chan struct{})
	defer close(release)
	tb.run(func(tb testing.TB) {
		VerifyNone(tb)
		go func() { <-release }()
	})
	start := time.Now()
	tb.finish()
	tb.wantFailure(t, "found unexpected goroutines", "eggtest.TestVerifyNoneFindsALeak")
	t.Logf("the leak check took %v", time.Since(start))
}

func TestVerifyNoneIgnoresEarlierGoroutines(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	go func() { <-release }()
	tb := newFakeTB(t)
	tb.run(func(tb testing.TB) { VerifyNone(tb) })
	tb.finish()
	tb.wantNoFailure(t)
}
