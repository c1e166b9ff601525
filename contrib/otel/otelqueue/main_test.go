package otelqueue_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if a test leaves a goroutine behind: River's
// client, the pool, the batch span processor.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
