package modules_test

import (
	"testing"

	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules"
	"github.com/egg-go/egg/modules/static"
)

// A built-in listed again next to modules.Default() (as an app written
// before Default carried it would) is the same module, loaded once.
func TestDefaultModuleListedTwiceIsOneModule(t *testing.T) {
	eggtest.New(t, modules.Default(), static.Module)
}
