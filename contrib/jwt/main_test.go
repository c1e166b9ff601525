package jwt_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

// TestMain fails the run if any test leaves a goroutine behind (an app,
// a server or a JWKS client connection).
func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
