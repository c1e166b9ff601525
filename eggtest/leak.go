package eggtest

import (
	"testing"

	"go.uber.org/goleak"
)

// VerifyNone checks that the test leaves no goroutine running: when the
// test and its cleanups are done (an app made by New stops in a cleanup),
// it fails the test naming every goroutine that it started and that is
// still running. Goroutines that ran before the call are not counted, so
// call it first in the test:
//
//	func TestWorker(t *testing.T) {
//		eggtest.VerifyNone(t)
//		app := eggtest.New(t, app.Module)
//		...
//	}
//
// It cannot tell one test's goroutines from another's: do not use it in
// tests that call t.Parallel; use VerifyTestMain for those packages. opts
// are goleak's, e.g. goleak.IgnoreTopFunction for a library's known
// background goroutine. egg needs none.
func VerifyNone(t testing.TB, opts ...goleak.Option) {
	t.Helper()
	opts = append([]goleak.Option{goleak.IgnoreCurrent()}, opts...)
	t.Cleanup(func() { goleak.VerifyNone(t, opts...) })
}

// VerifyTestMain runs a package's tests and then, if they passed, fails
// the run when any goroutine is left running. Use it as the package's
// TestMain:
//
//	func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
//
// It exits the process, like goleak.VerifyTestMain, which it wraps; opts
// are goleak's. egg needs none.
func VerifyTestMain(m goleak.TestingM, opts ...goleak.Option) {
	goleak.VerifyTestMain(m, opts...)
}
