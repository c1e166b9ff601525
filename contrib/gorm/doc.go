// Package gorm is egg-sequelize for egg for Go: relational databases
// through GORM (gorm.io/gorm) as an egg module. SQLite works out of the
// box, in pure Go (no cgo, no server); PostgreSQL (pgx) and MySQL/MariaDB
// are one setting away.
//
// # A new app: nothing to configure
//
//	egg.Run(modules.Default(), gorm.Module, blog.Module)
//
// The default datasource is the SQLite file data/<app name>.db under the
// app's base dir, in WAL mode with a busy timeout and foreign keys on
// (see SQLiteFile). In env unittest it is a private in-memory database
// per app instead, so tests share nothing and leave no file.
//
// # PostgreSQL or MySQL
//
//	GORM_DSN=postgres://app:secret@db.internal:5432/shop?sslmode=require ./server
//	GORM_DSN=mysql://app:secret@db.internal:3306/shop ./server
//	GORM_DRIVER=mysql GORM_DSN='app:secret@tcp(db.internal:3306)/shop' ./server
//
// The driver follows the URL's scheme; the driver's own DSN forms work
// with GORM_DRIVER. GORM_PASSWORD replaces the DSN's password, for a
// password kept in a secret. Passwords are masked in the config dump
// (run/application_config.json) and in every error.
//
// # Models and associations
//
// A module registers its models; there is no associate() step, gorm reads
// associations from the fields:
//
//	type User struct {
//		ID    uint
//		Name  string
//		Posts []Post // has many
//	}
//
//	type Post struct {
//		ID     uint
//		Title  string
//		UserID uint
//		User   *User // belongs to
//	}
//
//	var Module = egg.Module("blog",
//		egg.Requires(gorm.Name),
//		gorm.Models(&User{}, &Post{}),
//		egg.Routes(routes),
//	)
//
// With Config.AutoMigrate (on in local and unittest, off elsewhere) their
// tables are created or altered at start-up, before the app is ready. In
// production migrate as a deploy step: Registry.Migrate.
//
// # In a request
//
//	func (h *Users) Show(c *egg.Ctx) error {
//		var u User
//		err := gorm.DB(c).Preload("Posts").First(&u, c.Param("id")).Error
//		if errors.Is(err, gorm.ErrRecordNotFound) {
//			return egg.NewError(404, "not_found", "no such user")
//		}
//		...
//	}
//
// gorm.DB(c) returns a *gorm.DB of gorm.io/gorm (import that package under
// another name, e.g. orm, where you need its types), bound to the
// request's context (a query stops when the client goes away); its SQL is
// logged with the request's id. Constraint violations come back as
// ErrDuplicatedKey and ErrForeignKeyViolated on every driver.
//
// # One transaction per request
//
//	r.With(gorm.Transactional()).Post("/api/orders", orders.Create)
//
// Every gorm.DB(c) in the request, in the handler and in the services it
// calls, is then the request's transaction. It commits before the response
// goes out if the handler succeeded (no error, status below 500), and
// rolls back on an error, a 5xx or a panic; a commit that fails turns the
// response into a 500, so a client never sees success for lost data.
//
// # Several databases
//
//	egg.Configure(func(c *gorm.Config) {
//		c.DBs = map[string]gorm.Datasource{
//			"analytics": {DSN: gorm.DSN(os.Getenv("ANALYTICS_URL"))},
//		}
//	})
//
//	gorm.DBOf(c, "analytics").Create(&event)      // in a request
//	db, err := registry.Get("analytics")           // elsewhere: inject *gorm.Registry
//	gorm.ModelsFor("analytics", &Event{})          // its models
//
// # Start-up, readiness, shutdown
//
// The *Registry is a boot object: DidLoad connects every datasource,
// trying Datasource.ConnectAttempts times (egg-sequelize's 3 × 1 s) before
// start-up fails naming the datasource and its address; BeforeClose closes
// the pools after in-flight requests end. Registry.Ping and
// Registry.ReadinessChecks serve a readiness endpoint. A connection the
// server dropped (a restart, a failover) is replaced before a query is
// lost on it.
//
// # The SQL log
//
// Every statement at debug, with its rows, duration and the app's line
// that ran it; slow ones (Config.SlowThreshold, 200ms) and failed ones at
// warn. Values are logged only with Config.LogValues (local and
// unittest); elsewhere the SQL keeps its placeholders.
//
// # Tests
//
// Package gormtest gives each test its own database: an in-memory SQLite
// one, a PostgreSQL schema or a MySQL database, dropped at the end.
//
// # Without egg
//
// New, Open and Close make a Registry from a Config in any program.
package gorm
