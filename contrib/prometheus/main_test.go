package prometheus_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if any test leaves a goroutine behind: every app
// and listener a test starts must be stopped.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
