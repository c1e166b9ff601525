package eggtest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeTB is a testing.TB that records failures, logs and cleanups instead
// of acting on them, so tests can check that eggtest fails (and how).
// Unlisted methods go to the real test.
type fakeTB struct {
	testing.TB
	ctx context.Context

	mu       sync.Mutex
	errors   []string
	logs     []string
	fatal    bool
	cleanups []func()
}

func newFakeTB(t *testing.T) *fakeTB {
	return &fakeTB{TB: t, ctx: t.Context()}
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Context() context.Context { return f.ctx }

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

func (f *fakeTB) Log(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprint(args...))
}

func (f *fakeTB) Logf(format string, args ...any) { f.Log(fmt.Sprintf(format, args...)) }

func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprint(args...))
}

func (f *fakeTB) Errorf(format string, args ...any) { f.Error(fmt.Sprintf(format, args...)) }

func (f *fakeTB) Fail() { f.Error("Fail") }

func (f *fakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.errors) > 0
}

func (f *fakeTB) FailNow() {
	f.mu.Lock()
	f.fatal = true
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) Fatal(args ...any) { f.Error(args...); f.FailNow() }

func (f *fakeTB) Fatalf(format string, args ...any) { f.Errorf(format, args...); f.FailNow() }

// run calls fn with f on a goroutine of its own, as the testing package
// runs a test, so that FailNow ends fn and not the caller.
func (f *fakeTB) run(fn func(tb testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
}

// finish runs the cleanups, last registered first, as at the end of a test.
func (f *fakeTB) finish() {
	for {
		f.mu.Lock()
		n := len(f.cleanups)
		if n == 0 {
			f.mu.Unlock()
			return
		}
		fn := f.cleanups[n-1]
		f.cleanups = f.cleanups[:n-1]
		f.mu.Unlock()
		fn()
	}
}

// message returns every recorded failure, one per line.
func (f *fakeTB) message() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.errors, "\n")
}

// wantFailure checks that f recorded a failure containing every part.
func (f *fakeTB) wantFailure(t *testing.T, parts ...string) {
	t.Helper()
	msg := f.message()
	if msg == "" {
		t.Fatalf("no failure was recorded, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("failure does not contain %q:\n%s", p, msg)
		}
	}
}

// wantNoFailure checks that f recorded no failure.
func (f *fakeTB) wantNoFailure(t *testing.T) {
	t.Helper()
	if msg := f.message(); msg != "" {
		t.Errorf("unexpected failure:\n%s", msg)
	}
}
