// Package service is Egg's app/service for the site: the business logic
// that controllers call, here the accounts that sign in, kept in the
// database through contrib/gorm (table users, app/model).
package service

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
	"golang.org/x/crypto/bcrypt"
)

// Module provides the services, and creates the demo account at start-up
// when the database lacks it.
var Module = egg.Module("site.service",
	egg.Requires(gorm.Name, "site.model"),
	egg.Config(DefaultConfig(), egg.EnvPrefix("SITE_")),
	egg.ConfigureEnv("unittest", func(c *Config) { c.BcryptCost = bcrypt.MinCost }),
	fx.Provide(NewAccounts),
	egg.Boot(newDemoSeed),
)
