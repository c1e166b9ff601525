package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

// chromium finds headless Chromium: CHROMIUM, else chromium on PATH;
// without it the test is skipped, or fails under CI=true.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; CI must provide it (.ci/run installs it)")
	}
	t.Skip("chromium is not installed; install it (apt-get install chromium) to run the browser test")
	return ""
}

// TestBrowser: two pages of the chat in headless Chromium, in one room: a
// message typed in one appears in the other. Chromium resolves no host
// name but 127.0.0.1, so the page works with no internet access, and
// every request it makes goes to this server. Once with egg's own client
// script (the default), once with npm socket.io-client's browser build
// served instead (SOCKETIO_CLIENT_DIR), which starts on long-polling and
// upgrades.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	t.Run("egg client", func(t *testing.T) { browserChat(t, exe) })
	t.Run("npm socket.io-client", func(t *testing.T) {
		needTool(t, "node")
		npmCI(t, nodeDir)
		dist, err := filepath.Abs(filepath.Join(nodeDir, "node_modules", "socket.io-client", "dist"))
		if err != nil {
			t.Fatal(err)
		}
		browserChat(t, exe, egg.Configure(func(c *socketio.Config) { c.ClientDir = dist }))
	})
}

func browserChat(t *testing.T, exe string, opts ...fx.Option) {
	all := append(options(), egg.WithServer(), egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }))
	app := eggtest.New(t, append(all, opts...)...)
	base := "http://" + app.Addr()

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"), // no internet
	)...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting chromium: %v", err)
	}

	var mu sync.Mutex
	var requests, foreign []string
	open := func(name string) context.Context {
		tab, _ := chromedp.NewContext(ctx)
		if err := chromedp.Do(tab); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Listen(tab, func(ev any) {
			if e, ok := ev.(*network.EventRequestWillBeSent); ok {
				mu.Lock()
				defer mu.Unlock()
				requests = append(requests, e.Request.URL)
				if !strings.HasPrefix(e.Request.URL, base) && !strings.HasPrefix(e.Request.URL, "ws"+strings.TrimPrefix(base, "http")) {
					foreign = append(foreign, e.Request.URL)
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab,
			chromedp.Navigate(base+"/"),
			chromedp.SetValue("#name", name),
			chromedp.Click("#login button"),
			chromedp.WaitVisible("#room"),
			chromedp.Click("#room button"),
			chromedp.WaitVisible("#say"),
		); err != nil {
			t.Fatalf("%s's page: %v", name, err)
		}
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.getElementById("log").textContent.includes("joined lobby")`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s's page: %v", name, err)
		}
		return tab
	}
	ann := open("ann")
	bob := open("bob")

	if err := chromedp.Do(ann,
		chromedp.SetValue("#text", "hello from the browser"),
		chromedp.Click("#say button"),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(bob, chromedp.Poll[bool](
		`document.getElementById("log").textContent.includes("ann: hello from the browser")`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		log, _ := chromedp.Run(bob, chromedp.Text("#log"))
		annLog, _ := chromedp.Run(ann, chromedp.Text("#log"))
		annStatus, _ := chromedp.Run(ann, chromedp.Text("#status"))
		tr, _ := chromedp.Run(bob, chromedp.Evaluate[string](`window.chatSocket && window.chatSocket.io ? window.chatSocket.io.engine.transport.name + " " + window.chatSocket.id : "egg"`))
		annID, _ := chromedp.Run(ann, chromedp.Evaluate[string](`window.chatSocket.id`))
		stats := app.GET("/stats").Do().Body()
		t.Fatalf("bob's page did not show ann's message: %v (bob's log %q, transport %s; ann's log %q, status %q, id %s); stats %s", err, log, tr, annLog, annStatus, annID, stats)
	}
	if status, err := chromedp.Run(ann, chromedp.Text("#status")); err != nil || status != "connected as ann" {
		t.Errorf("ann's status %q %v", status, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(requests) == 0 {
		t.Error("no request seen: the check of other hosts saw nothing")
	}
	if len(foreign) > 0 {
		t.Errorf("the page asked other hosts: %v", foreign)
	}
}
