package jsonp

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/security"
	"go.uber.org/fx"
)

// Module is module "jsonp" (Egg's jsonp plugin): it provides *JSONP, whose
// Middleware turns a route's JSON into JSONP when a callback is named.
// Config: Config, env prefix JSONP_. With Config.CSRF (the default) it
// needs the security module, which it loads after.
var Module = egg.Module("jsonp",
	egg.Optional("security"),
	egg.Config(DefaultConfig()),
	fx.Provide(newModuleJSONP),
)

type moduleParams struct {
	fx.In
	Config Config
	App    *egg.App
	CSRF   *security.CSRF `optional:"true"`
}

func newModuleJSONP(p moduleParams) (*JSONP, error) {
	var v Verifier
	if p.CSRF != nil {
		v = p.CSRF
	}
	j, err := New(p.Config, v)
	if err != nil {
		return nil, err
	}
	switch {
	case !p.Config.CSRF && len(p.Config.WhiteList) == 0:
		p.App.CoreLogger().Warn("jsonp: CSRF is off and WhiteList is empty, so any site can read the JSONP answers; " +
			"turn JSONP_CSRF on or list the allowed sites in JSONP_WHITELIST")
	case p.Config.CSRF && p.CSRF != nil && p.CSRF.Mode() == security.ModeOff && len(p.Config.WhiteList) == 0:
		p.App.CoreLogger().Warn("jsonp: the security module's CSRF mode is off, so the JSONP CSRF guard lets every site read the answers; " +
			"list the allowed sites in JSONP_WHITELIST")
	}
	return j, nil
}
