package bench

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the package when an app started by a test or benchmark
// leaves a goroutine behind after its Stop.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
