package service

import (
	"errors"
	"fmt"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/model"
	"github.com/egg-go/egg/contrib/gorm"
	"golang.org/x/crypto/bcrypt"
	orm "gorm.io/gorm"
)

// Accounts signs users in and registers new ones. The accounts live in
// the database (model.User), so every instance sharing it knows the same
// users; passwords are kept as bcrypt hashes, never in clear.
type Accounts struct {
	cost  int
	dummy []byte // a hash at the same cost, compared when the name is unknown
}

// NewAccounts returns the account service, hashing at cfg.BcryptCost.
func NewAccounts(cfg Config) (*Accounts, error) {
	// Compared against when the username is unknown, so that a wrong
	// name takes as long as a wrong password and the timing does not tell
	// which names exist. Its result is never used.
	dummy, err := bcrypt.GenerateFromPassword([]byte("no account has this password"), cfg.BcryptCost)
	if err != nil {
		return nil, fmt.Errorf("site: bcrypt at cost %d: %w", cfg.BcryptCost, err)
	}
	return &Accounts{cost: cfg.BcryptCost, dummy: dummy}, nil
}

// Authenticate reports whether password is username's, reading the
// account from the request's database (gorm.DB(c): bound to the request's
// context, and its transaction under gorm.Transactional). An empty name
// or password never matches. The error is the database's, never a wrong
// password.
func (a *Accounts) Authenticate(c *egg.Ctx, username, password string) (bool, error) {
	return a.authenticate(gorm.DB(c), username, password)
}

func (a *Accounts) authenticate(db *orm.DB, username, password string) (bool, error) {
	hash, known := a.dummy, false
	if username != "" && len(username) <= MaxUsername { // no longer name can be in the table
		var u model.User
		err := db.Select("username", "password_hash").Where("username = ?", username).Take(&u).Error
		switch {
		case err == nil && u.Username == username:
			// MySQL's default collation finds "bob" for "Bob" and for
			// "bob ": only the name exactly as stored signs in
			hash, known = []byte(u.PasswordHash), true
		case err == nil, errors.Is(err, gorm.ErrRecordNotFound):
			// unknown: the dummy hash takes the time a real one would
		default:
			return false, fmt.Errorf("site: reading the account of %q: %w", username, err)
		}
	}
	ok := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
	return known && ok && password != "", nil
}

// Register creates the account username with password, in the request's
// database. It returns ErrInvalidUsername or ErrInvalidPassword when a
// rule is broken (see CheckUsername, CheckPassword) and ErrUsernameTaken
// when the name exists — the unique index decides, so two instances
// registering one name at the same moment give it to one of them.
func (a *Accounts) Register(c *egg.Ctx, username, password string) error {
	return a.register(gorm.DB(c), username, password)
}

func (a *Accounts) register(db *orm.DB, username, password string) error {
	if err := CheckUsername(username); err != nil {
		return err
	}
	if err := CheckPassword(password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.cost)
	if err != nil {
		return fmt.Errorf("site: hashing the password of %q: %w", username, err)
	}
	err = db.Create(&model.User{Username: username, PasswordHash: string(hash)}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrUsernameTaken
	}
	if err != nil {
		return fmt.Errorf("site: creating the account %q: %w", username, err)
	}
	return nil
}
