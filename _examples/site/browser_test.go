package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns the path of Debian's chromium: $SITE_CHROMIUM if
// set, else chromium on PATH, else /usr/bin/chromium; "" when none is
// there.
func findChromium() string {
	if p := os.Getenv("SITE_CHROMIUM"); p != "" {
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// browser is one headless Chromium driving the site through a real
// socket, step by step.
type browser struct {
	t    *testing.T
	ctx  context.Context // the tab's context; each step derives a timeout from it
	base string          // the site's URL, http://127.0.0.1:port
	shot string          // where screenshots go (SITE_SCREENSHOT_DIR), "" for none
}

// newBrowser starts Chromium with a fresh profile and opens a tab. The
// browser stops, and its profile is removed, when the test ends.
func newBrowser(t *testing.T, exe, base string) *browser {
	t.Helper()
	profile := filepath.Join(t.TempDir(), "profile")
	if err := os.Mkdir(profile, 0o700); err != nil {
		t.Fatal(err)
	}
	// Chromium's helper processes may still write to the profile for a
	// moment after the browser stops: remove it with retries, before
	// t.TempDir's own removal (cleanups run last-registered first).
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // small /dev/shm in containers
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1100, 800),
	)
	t.Cleanup(cancelAlloc) // waits for the browser to exit
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	// the first Run starts the browser: without a timeout, which would
	// bound the browser's whole life
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v", exe, err)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not start within 20s", exe)
	}
	return &browser{t: t, ctx: ctx, base: base, shot: os.Getenv("SITE_SCREENSHOT_DIR")}
}

// step runs one step of the scenario with a timeout; on failure it saves
// a screenshot of the page, names it in the error and stops the test.
func (b *browser) step(name string, fn func(ctx context.Context) error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := fn(ctx); err != nil {
		b.t.Fatalf("browser step %q: %v%s", name, err, b.failureShot(name))
	}
}

// failureShot saves a screenshot of the current page in a directory that
// outlives the test and returns a sentence naming it.
func (b *browser) failureShot(step string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "; no screenshot: " + err.Error()
	}
	dir, err := os.MkdirTemp("", "site-browser-")
	if err != nil {
		return "; no screenshot: " + err.Error()
	}
	path := filepath.Join(dir, safeName(step)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return "; no screenshot: " + err.Error()
	}
	return "; screenshot of the page: " + path
}

// keep saves a screenshot as SITE_SCREENSHOT_DIR/name.png when that
// variable is set (to look at the pages while working on them).
func (b *browser) keep(name string) {
	b.t.Helper()
	if b.shot == "" {
		return
	}
	b.step("screenshot "+name, func(ctx context.Context) error {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644)
	})
}

// safeName turns a step's name into a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, s)
}

// navigate waits for the navigation that action starts (a click on a
// link or a submit button) and checks the page it ends on: its path and
// HTTP status.
func navigate(ctx context.Context, action chromedp.Action[chromedp.Void], wantPath string, wantStatus int64) error {
	res, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		return err
	}
	if res.Status != wantStatus {
		return fmt.Errorf("status %d at %s, want %d", res.Status, res.URL, wantStatus)
	}
	path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		return err
	}
	if path != wantPath {
		return fmt.Errorf("on %s, want %s", path, wantPath)
	}
	return nil
}

// textIs checks the text of the element with id.
func textIs(ctx context.Context, id, want string) error {
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		return err
	}
	if strings.TrimSpace(got) != want {
		return fmt.Errorf("#%s says %q, want %q", id, got, want)
	}
	return nil
}

// TestBrowser drives headless Chromium through the site as a visitor
// would, with the default CSRF protection on: open /, switch to Chinese,
// sign in through the form, see /me, upload a file through the form, sign
// out; then create an account through the form and be refused the same
// name again. A failed step saves a screenshot and prints its path.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium; skipped with -short")
	}
	exe := findChromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed, and CI must run the browser test: apt-get install -y chromium (or set SITE_CHROMIUM)")
		}
		t.Skip("chromium is not installed (apt-get install -y chromium, or set SITE_CHROMIUM): browser test skipped")
	}
	app := newApp(t)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	b := newBrowser(t, exe, srv.URL)

	b.step("open /", func(ctx context.Context) error {
		if err := navigate(ctx, chromedp.Navigate(b.base+"/"), "/", 200); err != nil {
			return err
		}
		return textIs(ctx, "greeting", "Hello")
	})
	b.keep("home-en")

	b.step("switch to Chinese", func(ctx context.Context) error {
		if err := navigate(ctx, chromedp.Click(chromedp.ID("lang-zh")), "/", 200); err != nil {
			return err
		}
		return textIs(ctx, "greeting", "你好")
	})
	b.keep("home-zh")

	b.step("open the sign-in form", func(ctx context.Context) error {
		return navigate(ctx, chromedp.Click(chromedp.ID("nav-login")), "/login", 200)
	})
	b.keep("login")
	b.step("sign in as alice", func(ctx context.Context) error {
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("username"), "alice"),
			chromedp.SendKeys(chromedp.ID("password"), "secret"),
		); err != nil {
			return err
		}
		if err := navigate(ctx, chromedp.Submit(chromedp.ID("login-form")), "/me", 200); err != nil {
			return err
		}
		return textIs(ctx, "user", "alice")
	})
	b.keep("me")

	upload := filepath.Join(t.TempDir(), "hello.txt")
	content := "hello from Chromium\n"
	if err := os.WriteFile(upload, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	b.step("upload a file", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("file"), []string{upload})); err != nil {
			return err
		}
		if err := navigate(ctx, chromedp.Submit(chromedp.ID("upload-form")), "/upload", 200); err != nil {
			return err
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			return err
		}
		var got struct {
			Name string `json:"name"`
			Size int    `json:"size"`
		}
		if err := json.Unmarshal([]byte(strings.TrimSpace(text)), &got); err != nil {
			return fmt.Errorf("the answer is not JSON: %q", text)
		}
		if got.Name != "hello.txt" || got.Size != len(content) {
			return fmt.Errorf("the answer is %s, want name hello.txt, size %d", text, len(content))
		}
		return nil
	})

	b.step("back to /me", func(ctx context.Context) error {
		if err := navigate(ctx, chromedp.Navigate(b.base+"/me"), "/me", 200); err != nil {
			return err
		}
		return textIs(ctx, "user", "alice")
	})
	b.step("sign out", func(ctx context.Context) error {
		if err := navigate(ctx, chromedp.Click(chromedp.ID("logout")), "/", 200); err != nil {
			return err
		}
		// signed out, and still in Chinese (the locale cookie stays)
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("nav-login"))); err != nil {
			return err
		}
		return textIs(ctx, "greeting", "你好")
	})
	b.step("/me is closed again", func(ctx context.Context) error {
		return navigate(ctx, chromedp.Navigate(b.base+"/me"), "/login", 200)
	})

	b.step("create an account through the form", func(ctx context.Context) error {
		if err := navigate(ctx, chromedp.Navigate(b.base+"/register"), "/register", 200); err != nil {
			return err
		}
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("username"), "bob"),
			chromedp.SendKeys(chromedp.ID("password"), "correct horse"),
		); err != nil {
			return err
		}
		if err := navigate(ctx, chromedp.Submit(chromedp.ID("register-form")), "/me", 200); err != nil {
			return err
		}
		return textIs(ctx, "user", "bob")
	})
	b.keep("me-bob")
	b.step("the name is taken now", func(ctx context.Context) error {
		if err := navigate(ctx, chromedp.Navigate(b.base+"/register"), "/register", 200); err != nil {
			return err
		}
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("username"), "bob"),
			chromedp.SendKeys(chromedp.ID("password"), "another password"),
		); err != nil {
			return err
		}
		if err := navigate(ctx, chromedp.Submit(chromedp.ID("register-form")), "/register", 409); err != nil {
			return err
		}
		return textIs(ctx, "register-error", "该用户名已被占用，请另选一个。") // still in Chinese
	})
	b.keep("register-taken")
}
