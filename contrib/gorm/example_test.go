package gorm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// User and Post are the seed's blog models: a user has many posts, a post
// belongs to its user. gorm reads the association from the fields (Posts,
// and UserID with User), so there is no associate() step.
type User struct {
	ID    uint   `gorm:"primaryKey" json:"id"`
	Name  string `gorm:"size:64;not null;uniqueIndex" json:"name"`
	Posts []Post `json:"posts,omitempty"` // has many, by Post.UserID
}

// Post is a post of the seed's blog.
type Post struct {
	ID     uint   `gorm:"primaryKey" json:"id"`
	Title  string `gorm:"size:200;not null" json:"title"`
	UserID uint   `gorm:"not null;index" json:"user_id"`
	User   *User  `json:"user,omitempty"` // belongs to, by UserID
}

// A module registers its models; the gorm module creates their tables at
// start-up in local and unittest, and gorm.DB(c) gives the request's (or
// here an anonymous context's) database. The default database is SQLite,
// so this runs with no server.
func Example() {
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard),
		gorm.Module,
		egg.Module("blog", egg.Requires(gorm.Name), gorm.Models(&User{}, &Post{})),
	)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	c := app.NewContext(context.Background()) // in a handler: the request's *egg.Ctx
	db := gorm.DB(c)

	ann := User{Name: "ann", Posts: []Post{{Title: "Hello"}, {Title: "Again"}}}
	if err := db.Create(&ann).Error; err != nil { // the user and her posts
		panic(err)
	}

	var u User // has many
	db.Preload("Posts").First(&u, ann.ID)
	fmt.Println(u.Name, "wrote", len(u.Posts), "posts:", u.Posts[0].Title+",", u.Posts[1].Title)

	var p Post // belongs to
	db.Preload("User").Where("title = ?", "Again").First(&p)
	fmt.Println(p.Title, "is by", p.User.Name)
	// Output:
	// ann wrote 2 posts: Hello, Again
	// Again is by ann
}

// Transactional runs a route in a transaction: everything the handler (and
// the services it calls through gorm.DB(c)) writes is committed if it
// succeeds, and rolled back if it returns an error, answers 5xx or panics.
func ExampleTransactional() {
	routes := egg.Routes(func(r *egg.Router) {
		r.With(gorm.Transactional()).Post("/users", func(c *egg.Ctx) error {
			u := User{Name: c.Query("name"), Posts: []Post{{Title: "first"}}}
			if err := gorm.DB(c).Create(&u).Error; err != nil {
				return err
			}
			if c.Query("fail") != "" {
				return fmt.Errorf("something went wrong after the insert")
			}
			return c.JSON(http.StatusCreated, u)
		})
	})
	var reg *gorm.Registry
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module,
		gorm.Models(&User{}, &Post{}), routes, fx.Populate(&reg))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())
	srv := httptest.NewServer(app)
	defer srv.Close()

	for _, q := range []string{"name=ann", "name=bob&fail=1"} {
		res, err := srv.Client().Post(srv.URL+"/users?"+q, "application/json", strings.NewReader(""))
		if err != nil {
			panic(err)
		}
		res.Body.Close()
		var users, posts int64
		reg.DB().Model(&User{}).Count(&users)
		reg.DB().Model(&Post{}).Count(&posts)
		fmt.Printf("%s: %d, %d users, %d posts\n", q, res.StatusCode, users, posts)
	}
	// Output:
	// name=ann: 201, 1 users, 1 posts
	// name=bob&fail=1: 500, 1 users, 1 posts
}

// New makes a Registry without egg: give it a Config (here an in-memory
// SQLite database), Open it, and Close it when done.
func ExampleNew() {
	cfg := gorm.DefaultConfig()
	cfg.DB.DSN = gorm.SQLiteMemory("example-new")
	reg, err := gorm.New(cfg, nil, gorm.ModelSet{Models: []any{&User{}, &Post{}}})
	if err != nil {
		panic(err)
	}
	if err := reg.Open(context.Background()); err != nil {
		panic(err)
	}
	defer reg.Close()
	if err := reg.Migrate(context.Background()); err != nil { // AutoMigrate is off in DefaultConfig
		panic(err)
	}
	db := reg.DB().WithContext(context.Background())
	db.Create(&User{Name: "ann", Posts: []Post{{Title: "Hello"}}})
	var n int64
	db.Model(&Post{}).Count(&n)
	fmt.Println(reg.Names(), n, "post")
	// Output: [default] 1 post
}
