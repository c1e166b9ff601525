package logrotator

import (
	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name and the prefix (LOGROTATOR_) of its
// environment variables.
const Name = "logrotator"

// Module is module "logrotator" (Egg's egg-logrotator): it declares
// Config and provides *Rules, from which modules/logger takes the rule of
// each log file it writes. Without it (egg.Disable("logrotator")) the
// files never rotate, as when an outside logrotate owns them; they are
// still reopened when it moves them.
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	fx.Provide(NewRules),
)

// Rules gives each log file of the app its rotation rule.
type Rules struct {
	cfg Config
	app string
}

// NewRules returns the rules of cfg for app; Module provides them.
func NewRules(app *egg.App, cfg Config) *Rules { return &Rules{cfg: cfg, app: app.Name()} }

// For returns the rule of the log file at path (Config.RuleFor). A nil
// *Rules, in an app without Module, never rotates.
func (r *Rules) For(path string) Rule {
	if r == nil {
		return Rule{}
	}
	return r.cfg.RuleFor(path, r.app)
}
