package promqueue_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if a test leaves a goroutine behind (River's
// client, the pool) once its app stopped.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
