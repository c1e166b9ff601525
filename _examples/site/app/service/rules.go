package service

import "errors"

// The rules a new account must follow. Usernames are lower case, so that
// "Alice" cannot pose as "alice" and every database compares them alike
// (MySQL's default collation ignores case, PostgreSQL's does not).
const (
	MinUsername = 3  // characters
	MaxUsername = 32 // characters, the users.username column's size
	MinPassword = 8  // bytes
	MaxPassword = 72 // bytes: bcrypt reads no further
)

// Errors of Register. The controller answers them with the form again and
// a message: 422 for a rule broken, 409 for a name already taken.
var (
	// ErrInvalidUsername: the name breaks the username rule.
	ErrInvalidUsername = errors.New("site: a username is 3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or a digit")
	// ErrInvalidPassword: the password is too short or too long.
	ErrInvalidPassword = errors.New("site: a password is 8 to 72 bytes long")
	// ErrUsernameTaken: an account with that name exists, on this
	// instance or any other sharing the database.
	ErrUsernameTaken = errors.New("site: the username is taken")
)

// CheckUsername returns ErrInvalidUsername unless name follows the rule:
// MinUsername to MaxUsername characters out of a-z, 0-9, '.', '_' and
// '-', the first a letter or a digit.
func CheckUsername(name string) error {
	if len(name) < MinUsername || len(name) > MaxUsername {
		return ErrInvalidUsername
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		switch {
		case b >= 'a' && b <= 'z', b >= '0' && b <= '9':
		case (b == '.' || b == '_' || b == '-') && i > 0:
		default:
			return ErrInvalidUsername
		}
	}
	return nil
}

// CheckPassword returns ErrInvalidPassword unless password is MinPassword
// to MaxPassword bytes long.
func CheckPassword(password string) error {
	if len(password) < MinPassword || len(password) > MaxPassword {
		return ErrInvalidPassword
	}
	return nil
}
