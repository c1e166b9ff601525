package gorm_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// The request's transaction through real HTTP: committed on success,
// rolled back on an error, a 5xx or a panic, on every backend.
func TestTransactionalCommitRollbackPanic(t *testing.T) {
	eachBackend(t, func(t *testing.T, db fx.Option) {
		reg, srv := serve(t, gorm.Module, db, blog)
		tests := []struct {
			name       string
			query      string
			wantStatus int
			wantUsers  int64 // after this case, cumulative
		}{
			{"success commits", "", http.StatusCreated, 1},
			{"error rolls back", "?fail=error", http.StatusInternalServerError, 1},
			{"panic rolls back", "?fail=panic", http.StatusInternalServerError, 1},
			{"5xx response rolls back", "?fail=500", http.StatusInternalServerError, 1},
			{"error after the response started keeps the commit", "?fail=late", http.StatusCreated, 2},
		}
		for i, tt := range tests {
			name := `{"name":"user` + string(rune('a'+i)) + `","titles":["p1","p2"]}`
			status, body := call(t, srv, "POST", "/users"+tt.query, name)
			if status != tt.wantStatus {
				t.Errorf("%s: status %d (%s), want %d", tt.name, status, body, tt.wantStatus)
			}
			if n := count(t, reg, &User{}); n != tt.wantUsers {
				t.Errorf("%s: %d users, want %d", tt.name, n, tt.wantUsers)
			}
			if n := count(t, reg, &Post{}); n != 2*tt.wantUsers {
				t.Errorf("%s: %d posts, want %d (a user's posts go with it)", tt.name, n, 2*tt.wantUsers)
			}
		}
		// a 4xx error rolls back too (the duplicate insert failed anyway;
		// nothing else of the request stays)
		if status, _ := call(t, srv, "POST", "/users", `{"name":"usera","titles":["x"]}`); status != http.StatusConflict {
			t.Errorf("duplicate: %d, want 409", status)
		}
		if n := count(t, reg, &Post{}); n != 4 {
			t.Errorf("%d posts after the refused duplicate, want 4", n)
		}
	})
}

// txProbe is a module whose handlers report what gorm.Tx sees.
var txProbe = egg.Module("txprobe",
	egg.Requires(gorm.Name),
	egg.Routes(func(r *egg.Router) {
		probe := func(c *egg.Ctx) error {
			tx, ok := gorm.Tx(c)
			same := ok && tx == gorm.DB(c)
			return c.JSON(http.StatusOK, map[string]bool{"tx": ok, "db_is_tx": same})
		}
		r.Get("/plain", probe)
		r.With(gorm.Transactional()).Get("/tx", probe)
		r.With(gorm.Transactional(), gorm.Transactional()).Get("/nested", probe)
		r.With(gorm.Transactional("nope")).Get("/unknown", probe)
		// a middleware outside Transactional sees no transaction after it
		after := func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r)
				if _, ok := gorm.Tx(egg.CtxFrom(r)); ok {
					panic("the transaction outlived its route")
				}
			})
		}
		r.With(after, gorm.Transactional()).Get("/after", probe)
	}),
)

func TestTxVisibleToHandlers(t *testing.T) {
	_, srv := serve(t, gorm.Module, txProbe)
	for path, want := range map[string]string{
		"/plain":  `{"db_is_tx":false,"tx":false}`,
		"/tx":     `{"db_is_tx":true,"tx":true}`,
		"/nested": `{"db_is_tx":true,"tx":true}`,
		"/after":  `{"db_is_tx":true,"tx":true}`,
	} {
		if status, body := call(t, srv, "GET", path, ""); status != http.StatusOK || body != want {
			t.Errorf("GET %s: %d %s, want %s", path, status, body, want)
		}
	}
	// a datasource the config does not declare is a wiring mistake: 500,
	// and the log names the known ones
	if status, _ := call(t, srv, "GET", "/unknown", ""); status != http.StatusInternalServerError {
		t.Errorf("GET /unknown: %d, want 500", status)
	}
}

// A commit that fails (a deferred constraint, checked at COMMIT) turns the
// success the handler was writing into a 500, and nothing is saved:
// SQLite (deferred foreign key) and PostgreSQL (deferred unique
// constraint). MySQL checks every constraint at once, so its commits do
// not fail this way.
func TestTransactionalCommitFailure(t *testing.T) {
	for _, b := range backends[:2] {
		t.Run(b.name, func(t *testing.T) {
			reg, srv := serve(t, gorm.Module, b.db(t), egg.Module("tickets",
				egg.Requires(gorm.Name),
				egg.Routes(func(r *egg.Router) {
					tx := r.With(gorm.Transactional())
					tx.Post("/tickets", func(c *egg.Ctx) error {
						if err := breakAtCommit(c, b.name); err != nil {
							return err
						}
						if c.Query("write") == "none" {
							return nil // commit at the end
						}
						return c.JSON(http.StatusCreated, map[string]string{"saved": "yes"})
					})
				})))
			ddl := map[string]string{
				"sqlite": `CREATE TABLE parents (id INTEGER PRIMARY KEY);
					CREATE TABLE tickets (code TEXT, parent_id INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED)`,
				"postgres": `CREATE TABLE tickets (code TEXT, parent_id INT, CONSTRAINT tickets_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED)`,
			}[b.name]
			for _, stmt := range strings.Split(ddl, ";") {
				if err := reg.DB().Exec(stmt).Error; err != nil {
					t.Fatal(err)
				}
			}
			for _, path := range []string{"/tickets", "/tickets?write=none"} {
				status, body := call(t, srv, "POST", path, "")
				if status != http.StatusInternalServerError || strings.Contains(body, "saved") {
					t.Errorf("POST %s: %d %q, want a 500 without the success body", path, status, body)
				}
				var n int64
				if err := reg.DB().Table("tickets").Count(&n).Error; err != nil || n != 0 {
					t.Errorf("POST %s: %d tickets (%v), want none", path, n, err)
				}
			}
		})
	}
}

// breakAtCommit writes rows that violate a constraint checked only at
// COMMIT.
func breakAtCommit(c *egg.Ctx, backend string) error {
	db := gorm.DB(c)
	switch backend {
	case "sqlite":
		return db.Exec("INSERT INTO tickets (code, parent_id) VALUES ('a', 42)").Error // no parent 42
	case "postgres":
		return db.Exec("INSERT INTO tickets (code) VALUES ('a'), ('a')").Error // duplicate code
	}
	return errors.New("no deferred constraint on " + backend)
}

// Without Transactional each statement commits on its own: an error after
// an insert leaves the row.
func TestNoTransactionWithoutTheMiddleware(t *testing.T) {
	reg, srv := serve(t, gorm.Module, egg.Module("plain",
		egg.Requires(gorm.Name),
		gorm.Models(&User{}, &Post{}),
		egg.Routes(func(r *egg.Router) {
			r.Post("/users", createUser)
		})))
	if status, _ := call(t, srv, "POST", "/users?fail=error", `{"name":"kept"}`); status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", status)
	}
	if n := count(t, reg, &User{}); n != 1 {
		t.Fatalf("%d users, want the one inserted before the error", n)
	}
}

// A handler that expects a statement to fail (a duplicate name) and
// writes its own 409 gets its 409 on every backend — on PostgreSQL, where
// the failed insert aborted the transaction and COMMIT rolls it back,
// too — and nothing of the request is saved.
func TestTransactionalHandlerWrites4xxAfterFailedStatement(t *testing.T) {
	eachBackend(t, func(t *testing.T, db fx.Option) {
		reg, srv := serve(t, gorm.Module, db, blog)
		if status, body := call(t, srv, "POST", "/users", `{"name":"taken","titles":["a"]}`); status != http.StatusCreated {
			t.Fatalf("first insert: %d %s", status, body)
		}
		status, body := call(t, srv, "POST", "/users?conflict=write", `{"name":"taken","titles":["b","c"]}`)
		if status != http.StatusConflict || !strings.Contains(body, `"duplicate"`) {
			t.Errorf("duplicate answered by the handler: %d %s, want 409 with its body", status, body)
		}
		if n := count(t, reg, &User{}); n != 1 {
			t.Errorf("%d users, want 1", n)
		}
		if n := count(t, reg, &Post{}); n != 1 {
			t.Errorf("%d posts, want 1 (the refused request saved nothing)", n)
		}
		// the app goes on: the next request commits
		if status, body := call(t, srv, "POST", "/users", `{"name":"next","titles":["d"]}`); status != http.StatusCreated {
			t.Errorf("after the refused duplicate: %d %s", status, body)
		}
	})
}
