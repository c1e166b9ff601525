package httpclienttest

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg/eggtest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// fakeTB records failures and cleanups instead of acting on them, so tests
// can check that the interceptor fails a test, and how. Other methods go
// to the real test.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func newFakeTB(t *testing.T) *fakeTB { return &fakeTB{TB: t} }

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

// end runs the cleanups, last first, as the end of a test does.
func (f *fakeTB) end() {
	f.mu.Lock()
	fns := f.cleanups
	f.cleanups = nil
	f.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

func (f *fakeTB) failures() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errs...)
}

// failedWith checks that the fake test failed exactly once, with a message
// containing every part.
func (f *fakeTB) failedWith(t *testing.T, parts ...string) {
	t.Helper()
	errs := f.failures()
	if len(errs) != 1 {
		t.Fatalf("the fake test failed %d times, want once: %q", len(errs), errs)
	}
	for _, p := range parts {
		if !strings.Contains(errs[0], p) {
			t.Errorf("failure %q does not contain %q", errs[0], p)
		}
	}
}

// fatal runs fn on its own goroutine, where a Fatalf may end it.
func fatal(fn func()) {
	var wg sync.WaitGroup
	wg.Go(fn)
	wg.Wait()
}
