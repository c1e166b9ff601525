package gorm

import orm "gorm.io/gorm"

// gorm.io/gorm's errors an app matches most, re-exported so that code
// importing this package as gorm needs no second import to match them
// with errors.Is. They are the same values.
var (
	// ErrRecordNotFound: First, Take or Last found no row.
	ErrRecordNotFound = orm.ErrRecordNotFound
	// ErrDuplicatedKey: a unique or primary key constraint refused the
	// row, on every driver (answer 409).
	ErrDuplicatedKey = orm.ErrDuplicatedKey
	// ErrForeignKeyViolated: a foreign key refused the row or the delete,
	// on every driver (SQLite too: the module turns foreign keys on).
	ErrForeignKeyViolated = orm.ErrForeignKeyViolated
)
