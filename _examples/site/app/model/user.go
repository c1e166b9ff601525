// Package model is Egg's app/model for the site (egg-sequelize's
// app/model/*.js): the tables it keeps, as gorm models registered with
// contrib/gorm. The gorm module creates their tables at start-up when
// auto-migration is on (the site turns it on in every env; see config).
package model

import (
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
)

// Module registers the site's models with the default datasource.
var Module = egg.Module("site.model",
	egg.Requires(gorm.Name),
	gorm.Models(&User{}),
)

// User is an account that signs in: table users. Username is unique
// across every instance sharing the database; the password is kept only
// as a bcrypt hash.
type User struct {
	ID           uint      `gorm:"primaryKey"`
	Username     string    `gorm:"size:32;not null;uniqueIndex"`
	PasswordHash string    `gorm:"size:72;not null"` // bcrypt: "$2a$10$..." (60 bytes)
	CreatedAt    time.Time `gorm:"not null"`
}
