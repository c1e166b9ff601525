package service

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/model"
	"github.com/egg-go/egg/contrib/gorm"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm/clause"
)

// DemoUser and DemoPassword sign in to the demo account, which start-up
// creates when the database lacks it.
const (
	DemoUser     = "alice"
	DemoPassword = "secret"
)

// demoSeed is a boot object that creates the demo account in DidLoad,
// after the gorm module connected and migrated (this module requires it,
// so it loads first).
type demoSeed struct {
	reg      *gorm.Registry
	accounts *Accounts
	log      *slog.Logger
}

func newDemoSeed(reg *gorm.Registry, accounts *Accounts, app *egg.App) *demoSeed {
	return &demoSeed{reg: reg, accounts: accounts, log: app.LoggerFor("site.service")}
}

// DidLoad creates the demo account unless it exists. An existing one is
// left as it is; two instances starting together insert it once (the
// unique index and ON CONFLICT DO NOTHING).
func (s *demoSeed) DidLoad(ctx context.Context) error {
	db := s.reg.DB().WithContext(ctx)
	var n int64
	if err := db.Model(&model.User{}).Where("username = ?", DemoUser).Count(&n).Error; err != nil {
		return fmt.Errorf("site: looking for the demo account %q: %w; the users table is made at start-up "+
			"when auto-migration is on: unset GORM_AUTO_MIGRATE=false, or migrate the database first", DemoUser, err)
	}
	if n > 0 {
		return nil
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(DemoPassword), s.accounts.cost)
	if err != nil {
		return fmt.Errorf("site: hashing the demo password: %w", err)
	}
	res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&model.User{Username: DemoUser, PasswordHash: string(hash)})
	if res.Error != nil {
		return fmt.Errorf("site: creating the demo account %q: %w", DemoUser, res.Error)
	}
	if res.RowsAffected > 0 {
		s.log.Info("created the demo account", "user", DemoUser)
	}
	return nil
}
