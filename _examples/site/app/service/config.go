package service

import (
	"fmt"

	"github.com/egg-go/egg"
	"golang.org/x/crypto/bcrypt"
)

// Config is the account service's config (env prefix SITE_).
type Config struct {
	// BcryptCost is the bcrypt cost of the password hashes the site
	// makes: each step doubles the time a hash, and a guess, takes.
	// Default bcrypt.DefaultCost (10); 4, the least bcrypt allows, in env
	// unittest, so that tests under -race stay quick. Env SITE_BCRYPT_COST.
	BcryptCost int `env:"BCRYPT_COST"`
}

// DefaultConfig returns the service's defaults: bcrypt cost 10.
func DefaultConfig() Config { return Config{BcryptCost: bcrypt.DefaultCost} }

// Validate implements egg.Validator.
func (c *Config) Validate() error {
	if c.BcryptCost < bcrypt.MinCost || c.BcryptCost > bcrypt.MaxCost {
		return egg.InvalidConfig("BcryptCost", fmt.Sprintf("must be between %d and %d, e.g. SITE_BCRYPT_COST=%d",
			bcrypt.MinCost, bcrypt.MaxCost, bcrypt.DefaultCost))
	}
	return nil
}
