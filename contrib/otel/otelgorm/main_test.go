package otelgorm_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if a test leaves a goroutine behind: the pools
// and the batch span processor stop with each app.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
