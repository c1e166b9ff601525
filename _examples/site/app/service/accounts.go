// Package service is Egg's app/service for the site: the business logic
// that controllers call, here the demo user directory.
package service

import (
	"golang.org/x/crypto/bcrypt"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module provides the services.
var Module = egg.Module("site.service",
	fx.Provide(NewAccounts),
)

// Accounts is the user directory: one demo user, alice, whose password
// is "secret". Passwords are kept as bcrypt hashes, never in clear.
type Accounts struct {
	hashes map[string][]byte // username → bcrypt hash
}

// DemoUser and DemoPassword sign in to the demo directory.
const (
	DemoUser     = "alice"
	DemoPassword = "secret"
)

// aliceHash is bcrypt("secret", cost 10), made once with
// bcrypt.GenerateFromPassword.
const aliceHash = "$2a$10$jfAg3y1bLfWzM8RIuIcz8eYJ9P7WcpbcJyNouhKBWY/ad5LxZrRTO"

// unknownHash is compared against when the username is unknown, so that
// a wrong name takes as long as a wrong password and the timing does not
// tell which names exist. Its result is never used.
const unknownHash = "$2a$10$RF5FEP2y8rvK526tHaPk5untxyZ4iaVqeHLCxXNZp7U20J4VFTFGe"

// NewAccounts returns the directory with the demo user.
func NewAccounts() *Accounts {
	return &Accounts{hashes: map[string][]byte{DemoUser: []byte(aliceHash)}}
}

// Authenticate reports whether password is username's. An empty name or
// password never matches.
func (a *Accounts) Authenticate(username, password string) bool {
	hash, known := a.hashes[username]
	if !known {
		hash = []byte(unknownHash)
	}
	ok := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
	return known && ok && username != "" && password != ""
}
