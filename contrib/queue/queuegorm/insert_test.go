package queuegorm_test

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuegorm"
	"github.com/egg-go/egg/eggtest"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
	orm "gorm.io/gorm"
)

// TestInsertInRequestTransaction: through real HTTP, on SQLite (one file
// for GORM and the queue) and PostgreSQL, an order and its job written in
// the request's transaction commit together (the job runs once and finds
// its order) or roll back together (neither exists).
func TestInsertInRequestTransaction(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			var runs atomic.Int64
			_, srv, reg, cl := serve(t, gorm.Module, queue.Module, b.opts(t), egg.Configure(quick), shop(&runs))
			tests := []struct {
				name       string
				path, body string
				wantStatus int
				wantOrder  bool // the order row exists, and so does its job
			}{
				{"commit: order and job", "/orders", `{"item":"book"}`, http.StatusCreated, true},
				{"error rolls back both", "/orders?fail=1", `{"item":"pen"}`, http.StatusConflict, false},
				{"bad input: 400, nothing written", "/orders", `{"item":`, http.StatusBadRequest, false},
				{"second commit", "/orders", `{"item":"lamp"}`, http.StatusCreated, true},
			}
			wantJobs := 0
			for _, tt := range tests {
				status, body := call(t, srv, http.MethodPost, tt.path, tt.body)
				if status != tt.wantStatus {
					t.Fatalf("%s: %d %s, want %d", tt.name, status, body, tt.wantStatus)
				}
				if !strings.Contains(tt.body, `"}`) {
					continue // no item to look for
				}
				item := tt.body[len(`{"item":"`) : len(tt.body)-2]
				o, found := order(t, reg, item)
				if found != tt.wantOrder {
					t.Fatalf("%s: order %q exists = %v, want %v", tt.name, item, found, tt.wantOrder)
				}
				if tt.wantOrder {
					wantJobs++
					waitFor(t, 15*time.Second, "the job of order "+item+" to run", func() bool {
						o, _ = order(t, reg, item)
						return o.Mailed > 0
					})
				}
				js := jobs(t, cl)
				if len(js) != wantJobs {
					t.Fatalf("%s: %d order_mail jobs in any state, want %d", tt.name, len(js), wantJobs)
				}
				if tt.wantOrder && js[len(js)-1].Args.OrderID != o.ID {
					t.Errorf("%s: the newest job is for order %d, want %d", tt.name, js[len(js)-1].Args.OrderID, o.ID)
				}
			}
			// each committed job completed at its first attempt, exactly once
			waitFor(t, 15*time.Second, "both jobs completed", func() bool {
				for _, j := range jobs(t, cl) {
					if j.State != rivertype.JobStateCompleted {
						return false
					}
				}
				return true
			})
			for _, j := range jobs(t, cl) {
				if j.Attempt != 1 {
					t.Errorf("job %d (order %d) took %d attempts, want 1: it ran before its order committed", j.ID, j.Args.OrderID, j.Attempt)
				}
			}
			for _, item := range []string{"book", "lamp"} {
				if o, _ := order(t, reg, item); o.Mailed != 1 {
					t.Errorf("order %q was mailed %d times, want once", item, o.Mailed)
				}
			}
			if n := runs.Load(); n != 2 {
				t.Errorf("the worker ran %d times, want 2", n)
			}
		})
	}
}

// TestInsertNeedsATransaction: outside gorm.Transactional, Insert
// enqueues nothing and says what to do.
func TestInsertNeedsATransaction(t *testing.T) {
	var runs atomic.Int64
	app, srv, _, cl := serve(t, gorm.Module, queue.Module, backends[0].opts(t), egg.Configure(quick), shop(&runs))
	if status, body := call(t, srv, http.MethodPost, "/orders/plain", `{"item":"cup"}`); status != http.StatusInternalServerError {
		t.Fatalf("POST /orders/plain: %d %s, want 500 (a wiring mistake)", status, body)
	}
	app.ExpectLog("wrap it in gorm.Transactional()")
	if js := jobs(t, cl); len(js) != 0 {
		t.Errorf("%d jobs enqueued without a transaction, want 0", len(js))
	}
	_, err := queuegorm.Insert(app.Ctx(), mailArgs{OrderID: 1}, nil)
	if !errors.Is(err, queuegorm.ErrNoTransaction) || !strings.Contains(err.Error(), "queue.Insert") {
		t.Errorf("Insert in an anonymous context: %v, want ErrNoTransaction naming queue.Insert", err)
	}
}

// TestInsertTx: any GORM transaction works, db.Transaction's included;
// a *gorm.DB outside a transaction, or on another kind of database than
// the queue's, is refused with the fix.
func TestInsertTx(t *testing.T) {
	var runs atomic.Int64
	var cl *queue.Client
	var reg *gorm.Registry
	app := eggtest.New(t, gorm.Module, queue.Module, backends[0].opts(t),
		egg.Configure(func(c *queue.Config) { c.Work = false }), shop(&runs), fx.Populate(&cl, &reg))
	ctx := app.Ctx()
	db := reg.DB().WithContext(ctx)

	// committed by db.Transaction: enqueued; rolled back: not
	err := db.Transaction(func(tx *orm.DB) error {
		_, err := queuegorm.InsertTx(ctx, cl, tx, mailArgs{OrderID: 7}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("roll back")
	err = db.Transaction(func(tx *orm.DB) error {
		if _, err := queuegorm.InsertTx(ctx, cl, tx, mailArgs{OrderID: 8}, nil); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Transaction: %v", err)
	}
	if js := jobs(t, cl); len(js) != 1 || js[0].Args.OrderID != 7 {
		t.Errorf("jobs after a commit and a rollback: %d, want only order 7's", len(js))
	}

	for _, tc := range []struct {
		name string
		db   func(t *testing.T) *orm.DB
		want []string
		is   error
	}{
		{"not a transaction", func(*testing.T) *orm.DB { return db },
			[]string{"not in a transaction", "db.Transaction"}, queuegorm.ErrNoTransaction},
		{"nil", func(*testing.T) *orm.DB { return nil }, []string{"nil *gorm.DB"}, queuegorm.ErrNoTransaction},
		{"another kind of database", func(t *testing.T) *orm.DB {
			var other *gorm.Registry
			eggtest.New(t, gorm.Module, gormtest.Postgres(t, gormtest.PostgresURL(t)), fx.Populate(&other))
			tx := other.DB().WithContext(t.Context()).Begin()
			t.Cleanup(func() { tx.Rollback() })
			return tx
		}, []string{"on postgres while the queue keeps its jobs in sqlite", "QUEUE_URL"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := queuegorm.InsertTx(t.Context(), cl, tc.db(t), mailArgs{OrderID: 9}, nil)
			if err == nil {
				t.Fatal("InsertTx succeeded, want an error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if js := jobs(t, cl); len(js) != 1 {
		t.Errorf("%d jobs after the refused inserts, want 1", len(js))
	}
}
