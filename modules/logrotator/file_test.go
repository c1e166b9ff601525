package logrotator_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg/modules/logrotator"
)

// zone is the "local" time zone of these tests: midnight here is 16:00 UTC.
var zone = time.FixedZone("UTC+8", 8*3600)

// clock is a fake clock, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(s string) *clock {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, zone)
	if err != nil {
		panic(err)
	}
	return &clock{t: t}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func open(t *testing.T, path string, r logrotator.Rule, c *clock) *logrotator.File {
	t.Helper()
	f, err := logrotator.Open(path, r, logrotator.WithClock(c.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func write(t *testing.T, f *logrotator.File, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if _, err := f.Write([]byte(l + "\n")); err != nil {
			t.Fatal(err)
		}
	}
}

// files returns the directory's files with their contents.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func expectFiles(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got := files(t, dir)
	for name, body := range want {
		if got[name] != body {
			t.Errorf("%s = %q, want %q", name, got[name], body)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected file %s (%q)", name, got[name])
		}
	}
}

func TestDailyRotationAtLocalMidnight(t *testing.T) {
	dir := t.TempDir()
	c := newClock("2026-03-01 23:59:59")
	f := open(t, filepath.Join(dir, "app.log"), logrotator.Rule{Every: logrotator.Daily}, c)
	write(t, f, "a1", "a2")
	c.Add(time.Second) // 00:00:00 local, 16:00 UTC
	write(t, f, "b1")
	expectFiles(t, dir, map[string]string{"app.log.2026-03-01": "a1\na2\n", "app.log": "b1\n"})

	c.Add(24 * time.Hour) // an idle day: Check renames it on time
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	expectFiles(t, dir, map[string]string{"app.log.2026-03-01": "a1\na2\n", "app.log.2026-03-02": "b1\n", "app.log": ""})

	c.Add(48 * time.Hour) // nothing written: no empty rotated file
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	write(t, f, "e1")
	expectFiles(t, dir, map[string]string{"app.log.2026-03-01": "a1\na2\n", "app.log.2026-03-02": "b1\n", "app.log": "e1\n"})
}

func TestHourlyRotation(t *testing.T) {
	for _, delim := range []string{"", "_"} {
		dir := t.TempDir()
		c := newClock("2026-03-01 09:59:00")
		f := open(t, filepath.Join(dir, "web.log"), logrotator.Rule{Every: logrotator.Hourly, HourDelimiter: delim}, c)
		write(t, f, "nine")
		c.Add(time.Minute)
		write(t, f, "ten")
		c.Add(14 * time.Hour) // across local midnight
		write(t, f, "midnight")
		d := delim
		if d == "" {
			d = "-"
		}
		expectFiles(t, dir, map[string]string{
			"web.log.2026-03-01" + d + "09": "nine\n",
			"web.log.2026-03-01" + d + "10": "ten\n",
			"web.log":                       "midnight\n",
		})
	}
}

func TestSizeRotation(t *testing.T) {
	dir := t.TempDir()
	c := newClock("2026-03-01 10:00:00")
	f := open(t, filepath.Join(dir, "big.log"), logrotator.Rule{Every: logrotator.BySize, MaxSize: 10, MaxFiles: 3}, c)
	write(t, f, "l01", "l02", "l03", "l04", "l05", "l06", "l07", "l08", "l09", "l10")
	// 4-byte lines, 10-byte files: two lines a file; only big.log.1-3 kept
	expectFiles(t, dir, map[string]string{
		"big.log.3": "l03\nl04\n", "big.log.2": "l05\nl06\n", "big.log.1": "l07\nl08\n", "big.log": "l09\nl10\n",
	})
	write(t, f, "a line longer than the limit") // alone in its file, never split
	write(t, f, "l11")
	got := files(t, dir)
	if got["big.log.1"] != "a line longer than the limit\n" || got["big.log"] != "l11\n" || got["big.log.2"] != "l09\nl10\n" {
		t.Errorf("after a long line: %q", got)
	}
	if _, ok := got["big.log.4"]; ok {
		t.Error("MaxFiles 3 keeps big.log.1-3 only")
	}
}

func TestMaxDaysRemovesOldRotatedFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{
		"app.log.2025-12-31", "app.log.2025-12-31-23", "app.log.2025-12-30.1", // older than 31 days: removed
		"app.log.2026-01-01", "app.log.2026-01-31-05", // kept
		"app.log.notadate", "app.log.2020-01-01x", "app.log.1", "other.log.2020-01-01", // not ours: kept
	} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := newClock("2026-02-01 08:00:00")
	open(t, filepath.Join(dir, "app.log"), logrotator.Rule{Every: logrotator.Daily, MaxDays: 31}, c)
	var names []string
	for n := range files(t, dir) {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{"app.log", "app.log.1", "app.log.2020-01-01x", "app.log.2026-01-01", "app.log.2026-01-31-05", "app.log.notadate", "other.log.2020-01-01"}
	if !slices.Equal(names, want) {
		t.Errorf("files after opening:\n got %v\nwant %v", names, want)
	}

	// and at each rotation, as days pass
	f := open(t, filepath.Join(dir, "app.log"), logrotator.Rule{Every: logrotator.Daily, MaxDays: 31}, c)
	write(t, f, "x")
	c.Add(24 * time.Hour) // 2026-02-02: 2026-01-01 is now too old
	write(t, f, "y")
	if _, ok := files(t, dir)["app.log.2026-01-01"]; ok {
		t.Error("app.log.2026-01-01 must go once it is more than 31 days old")
	}
	if _, ok := files(t, dir)["app.log.2026-02-01"]; !ok {
		t.Error("the day's file must be there")
	}
}

func TestOutsideMoveIsReopened(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	c := newClock("2026-03-01 10:00:00")
	f := open(t, path, logrotator.Rule{Every: logrotator.Daily}, c)
	write(t, f, "before")

	// logrotate with "create": moves the file and puts a new one in place
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	write(t, f, "still old") // not noticed yet: goes to the moved file, not lost
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	write(t, f, "after")
	expectFiles(t, dir, map[string]string{"app.log.moved": "before\nstill old\n", "app.log": "after\n"})

	// logrotate without "create": the path is gone until we reopen it
	if err := os.Rename(path, path+".moved2"); err != nil {
		t.Fatal(err)
	}
	if err := f.Reopen(); err != nil { // as on SIGUSR1
		t.Fatal(err)
	}
	write(t, f, "new")
	expectFiles(t, dir, map[string]string{"app.log.moved": "before\nstill old\n", "app.log.moved2": "after\n", "app.log": "new\n"})

	// a deleted file is recreated by Check
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	write(t, f, "recreated")
	if got := files(t, dir)["app.log"]; got != "recreated\n" {
		t.Errorf("app.log = %q", got)
	}
}

func TestReopenOfTheSameFileKeepsItsDay(t *testing.T) {
	dir := t.TempDir()
	c := newClock("2026-03-01 23:00:00")
	f := open(t, filepath.Join(dir, "app.log"), logrotator.Rule{Every: logrotator.Daily}, c)
	write(t, f, "day one")
	if err := f.Reopen(); err != nil { // SIGUSR1 with nothing moved
		t.Fatal(err)
	}
	c.Add(2 * time.Hour)
	write(t, f, "day two")
	expectFiles(t, dir, map[string]string{"app.log.2026-03-01": "day one\n", "app.log": "day two\n"})
}

func TestRestartRotatesYesterdaysFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newClock("2026-03-02 08:00:00")
	yesterday := c.Now().Add(-20 * time.Hour)
	if err := os.Chtimes(path, yesterday, yesterday); err != nil {
		t.Fatal(err)
	}
	// a file of that name was already rotated today by an earlier run
	if err := os.WriteFile(path+".2026-03-01", []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := open(t, path, logrotator.Rule{Every: logrotator.Daily}, c)
	write(t, f, "new")
	expectFiles(t, dir, map[string]string{"app.log.2026-03-01": "earlier\n", "app.log.2026-03-01.1": "old\n", "app.log": "new\n"})
}

func TestNeverRotates(t *testing.T) {
	dir := t.TempDir()
	c := newClock("2026-03-01 23:00:00")
	f := open(t, filepath.Join(dir, "app.log"), logrotator.Rule{}, c)
	write(t, f, "one")
	c.Add(48 * time.Hour)
	_ = f.Check()
	write(t, f, "two")
	expectFiles(t, dir, map[string]string{"app.log": "one\ntwo\n"})
}

func TestClosed(t *testing.T) {
	c := newClock("2026-03-01 23:00:00")
	f := open(t, filepath.Join(t.TempDir(), "app.log"), logrotator.Rule{Every: logrotator.Daily}, c)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x\n")); !errors.Is(err, logrotator.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
	if err := f.Check(); err != nil {
		t.Errorf("check after close: %v", err)
	}
	if err := f.Reopen(); !errors.Is(err, logrotator.ErrClosed) {
		t.Errorf("reopen after close: %v", err)
	}
}

func TestOpenErrorNamesThePath(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := logrotator.Open(filepath.Join(blocker, "app.log"), logrotator.Rule{})
	if err == nil || !strings.Contains(err.Error(), blocker) || !strings.Contains(err.Error(), "choose another log dir") {
		t.Errorf("Open under a file: %v", err)
	}
}
