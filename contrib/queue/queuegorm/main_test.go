package queuegorm_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
