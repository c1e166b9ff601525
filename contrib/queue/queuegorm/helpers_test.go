package queuegorm_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/contrib/queue/queuegorm"
	"github.com/egg-go/egg/contrib/queue/queuetest"
	"github.com/egg-go/egg/eggtest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
	orm "gorm.io/gorm"
)

// Order is the row a request writes in its transaction.
type Order struct {
	ID     uint   `json:"id"`
	Item   string `json:"item"`
	Mailed int    `json:"mailed"` // how many times the job ran for it
}

// mailArgs is the job enqueued with the order.
type mailArgs struct {
	OrderID uint `json:"order_id"`
}

func (mailArgs) Kind() string { return "order_mail" }

// shop creates orders, each with its job, in the request's transaction
// (POST /orders), or without one (POST /orders/plain). ?fail=1 refuses
// the order (409) after both were written; the job marks its order
// mailed, and fails when the order is not there.
func shop(runs *atomic.Int64) fx.Option {
	return egg.Module("shop",
		egg.Requires(gorm.Name),
		gorm.Models(&Order{}),
		queue.Register(queue.NewWorker(func(c *egg.Ctx, job *river.Job[mailArgs]) error {
			res := gorm.DB(c).Model(&Order{}).Where("id = ?", job.Args.OrderID).UpdateColumn("mailed", orm.Expr("mailed + 1"))
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				return fmt.Errorf("order %d is not there: the job ran without its row", job.Args.OrderID)
			}
			runs.Add(1)
			return nil
		})),
		egg.Routes(func(r *egg.Router) {
			r.With(gorm.Transactional()).Post("/orders", createOrder)
			r.Post("/orders/plain", createOrder)
		}),
	)
}

func createOrder(c *egg.Ctx) error {
	var in struct {
		Item string `json:"item"`
	}
	if err := json.NewDecoder(c.Request().Body).Decode(&in); err != nil || in.Item == "" {
		return egg.NewError(http.StatusBadRequest, "bad_order", `send {"item":"<name>"}`)
	}
	o := Order{Item: in.Item}
	if err := gorm.DB(c).Create(&o).Error; err != nil {
		return err
	}
	if _, err := queuegorm.Insert(c, mailArgs{OrderID: o.ID}, nil); err != nil {
		return err
	}
	if c.Query("fail") == "1" {
		return egg.NewError(http.StatusConflict, "out_of_stock", "refused after the order and its job were written")
	}
	return c.JSON(http.StatusCreated, o)
}

// backend is one database the order and the job share.
type backend struct {
	name string
	opts func(t *testing.T) fx.Option
}

var backends = []backend{
	{"sqlite", func(t *testing.T) fx.Option {
		// one file for both: GORM's pool (glebarez/sqlite) and the queue's
		file := filepath.Join(t.TempDir(), "app.db")
		return fx.Options(
			egg.Configure(func(c *gorm.Config) { c.DB.Driver, c.DB.DSN = gorm.SQLite, gorm.SQLiteFile(file) }),
			egg.Configure(func(c *queue.Config) { c.Driver, c.URL = queue.DriverSQLite, file }),
		)
	}},
	{"postgres", func(t *testing.T) fx.Option {
		u := gormtest.PostgresURL(t)
		return fx.Options(gormtest.Postgres(t, u),
			egg.Configure(func(c *queue.Config) {
				c.Driver, c.URL, c.Schema = queue.DriverPostgres, u, queuetest.Schema(t, u, "queuegorm_test")
			}))
	}},
}

// quick is the queue config of these tests: quick polling.
func quick(c *queue.Config) { c.FetchPollInterval = 50 * time.Millisecond }

// serve starts an app with a real server, stopped at cleanup.
func serve(t *testing.T, opts ...fx.Option) (*eggtest.App, *httptest.Server, *gorm.Registry, *queue.Client) {
	t.Helper()
	var reg *gorm.Registry
	var cl *queue.Client
	app := eggtest.New(t, append(opts, fx.Populate(&reg, &cl))...)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return app, srv, reg, cl
}

// call makes a real HTTP request and returns the status and body.
func call(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// jobs lists every job of kind order_mail, in any state.
func jobs(t *testing.T, cl *queue.Client) []*river.Job[mailArgs] {
	t.Helper()
	res, err := cl.JobList(t.Context(), river.NewJobListParams().Kinds(mailArgs{}.Kind()).
		States(rivertype.JobStates()...).First(1000).OrderBy(river.JobListOrderByID, river.SortOrderAsc))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*river.Job[mailArgs], 0, len(res.Jobs))
	for _, row := range res.Jobs {
		j := &river.Job[mailArgs]{JobRow: row}
		if err := json.Unmarshal(row.EncodedArgs, &j.Args); err != nil {
			t.Fatal(err)
		}
		out = append(out, j)
	}
	return out
}

// order reads an order behind the app's back; found is false when absent.
func order(t *testing.T, reg *gorm.Registry, item string) (o Order, found bool) {
	t.Helper()
	err := reg.DB().WithContext(t.Context()).Where("item = ?", item).First(&o).Error
	if errors.Is(err, orm.ErrRecordNotFound) {
		return o, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return o, true
}

// waitFor polls cond every 10ms until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
