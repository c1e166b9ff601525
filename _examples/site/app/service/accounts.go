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

// aliceHash is bcrypt("secret"), made once with
// bcrypt.GenerateFromPassword at bcrypt.MinCost (4), so that the demo's
// sign-ins stay quick in tests under -race (cost 10 takes seconds there).
// Hash real passwords at bcrypt.DefaultCost or more.
const aliceHash = "$2a$04$y44tVc0BefdJXc51hW5WHOxsR7OvGwk5jjDnllAWzlnA6U4aQlMma"

// unknownHash is compared against when the username is unknown, so that
// a wrong name takes as long as a wrong password and the timing does not
// tell which names exist (same cost as aliceHash). Its result is never
// used.
const unknownHash = "$2a$04$.9T5K9PCOf99qdmTN34vleHn1tgsIS6IhbQXRMTkUxhtuq9cc8NAu"

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
