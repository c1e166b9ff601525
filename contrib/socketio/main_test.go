package socketio_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if any test leaves a goroutine behind.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
