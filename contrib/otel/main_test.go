package otel_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if any test leaves a goroutine behind: the batch
// span processor and the metric reader of every app must stop with it.
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
