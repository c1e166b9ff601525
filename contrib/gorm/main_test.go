package gorm_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if a test leaves a goroutine behind: every app
// and pool a test opens must be closed (database/sql keeps a goroutine per
// open pool).
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
