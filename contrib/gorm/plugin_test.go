package gorm_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
	orm "gorm.io/gorm"
)

// queryLog is a GORM plugin that records, for every query, the
// datasource it was made for, the table, and the value its context
// carries under markKey.
type queryLog struct {
	name string
	src  string
	mu   *sync.Mutex
	seen *[]string
	fail error
}

type markKey struct{}

func newQueryLog(name, src string) *queryLog {
	return &queryLog{name: name, src: src, mu: &sync.Mutex{}, seen: &[]string{}}
}

func (q *queryLog) Name() string { return q.name }

func (q *queryLog) Initialize(db *orm.DB) error {
	if q.fail != nil {
		return q.fail
	}
	record := func(db *orm.DB) {
		mark, _ := db.Statement.Context.Value(markKey{}).(string)
		if mark == "" {
			return // start-up's migration queries
		}
		q.mu.Lock()
		*q.seen = append(*q.seen, q.src+" "+db.Statement.Table+" "+mark)
		q.mu.Unlock()
	}
	return errors.Join(db.Callback().Query().After("gorm:query").Register(q.name+":query", record),
		db.Callback().Row().After("gorm:row").Register(q.name+":row", record))
}

func (q *queryLog) all() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), *q.seen...)
}

// Each form of gorm.Plugin reaches every datasource; a PluginFunc sees
// each one's Source and may skip one; the queries of a request run with
// the request's context, values added by middleware included.
func TestPluginOnEveryDatasource(t *testing.T) {
	plain := newQueryLog("plain", "any")
	perSource := map[string]*queryLog{}
	var sources []gorm.Source
	var mu sync.Mutex
	fromCtor := newQueryLog("ctor", "any")
	_, srv := serve(t, gorm.Module, blog,
		egg.Configure(func(c *gorm.Config) {
			c.DBs = map[string]gorm.Datasource{"reports": {DSN: gorm.SQLiteMemory("plugin-reports-" + t.Name())}}
		}),
		gorm.Plugin(plain),
		gorm.Plugin(gorm.PluginFunc(func(src gorm.Source) (orm.Plugin, error) {
			mu.Lock()
			defer mu.Unlock()
			sources = append(sources, src)
			p := newQueryLog("per-source", src.Name)
			perSource[src.Name] = p
			return p, nil
		})),
		gorm.Plugin(func(src gorm.Source) (orm.Plugin, error) {
			if src.Name == "reports" {
				return nil, nil // not on this one
			}
			return newQueryLog("skips-reports", src.Name), nil
		}),
		gorm.Plugin(func(egg.AppConfig) (*queryLog, error) { return fromCtor, nil }),
		egg.Module("marking", egg.Routes(func(r *egg.Router) {
			r.With(func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), markKey{}, "req")))
				})
			}).Get("/report", func(c *egg.Ctx) error {
				var n int64
				if err := gorm.DBOf(c, "reports").Raw("SELECT 1").Scan(&n).Error; err != nil {
					return err
				}
				var users []User
				return errors.Join(gorm.DB(c).Find(&users).Error, c.Text(200, "ok"))
			})
		})),
	)
	if status, body := call(t, srv, http.MethodGet, "/report", ""); status != 200 {
		t.Fatalf("GET /report: %d %s", status, body)
	}
	if len(sources) != 2 || sources[0].Name != "default" || sources[1].Name != "reports" ||
		sources[0].Driver != gorm.SQLite || !strings.Contains(sources[1].Addr, "plugin-reports") {
		t.Errorf("sources = %+v, want default then reports, sqlite, with their addresses", sources)
	}
	if got := strings.Join(perSource["default"].all(), "|"); got != "default users req" {
		t.Errorf("default's plugin saw %q, want the request's users query with its context", got)
	}
	if got := strings.Join(plain.all(), "|"); got != "any  req|any users req" {
		t.Errorf("the plain plugin saw %q, want both datasources' queries", got)
	}
	if got := strings.Join(fromCtor.all(), "|"); got != "any  req|any users req" {
		t.Errorf("the constructed plugin saw %q, want both datasources' queries", got)
	}
}

func TestPluginRefused(t *testing.T) {
	bad := newQueryLog("bad", "any")
	bad.fail = errors.New("cannot register callbacks")
	for _, tc := range []struct {
		name string
		opts []fx.Option
		want string
	}{
		{"not a plugin", []fx.Option{gorm.Plugin("tracing")}, "gorm: Plugin(string) at "},
		{"nil", []fx.Option{gorm.Plugin(nil)}, "gorm: Plugin(<nil>) at "},
		{"nil func", []fx.Option{gorm.Plugin(gorm.PluginFunc(nil))}, "gorm: Plugin(gorm.PluginFunc) at "},
		{"initialize fails", []fx.Option{gorm.Plugin(bad)}, `gorm: datasource "default": plugin "bad" (*gorm_test.queryLog): cannot register callbacks`},
		{"same name twice", []fx.Option{gorm.Plugin(newQueryLog("dup", "a")), gorm.Plugin(newQueryLog("dup", "b"))},
			`plugin "dup" (*gorm_test.queryLog): registered; register each plugin once`},
		{"func fails", []fx.Option{gorm.Plugin(func(gorm.Source) (orm.Plugin, error) { return nil, errors.New("no tracer") })},
			`gorm: datasource "default": making a plugin: no tracer`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, append([]fx.Option{gorm.Module}, tc.opts...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// Without egg: Use before Open; after it, an error.
func TestRegistryUse(t *testing.T) {
	cfg := gorm.DefaultConfig()
	cfg.DB.DSN = gorm.SQLiteMemory("use-" + t.Name())
	reg, err := gorm.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := newQueryLog("standalone", "x")
	if err := reg.Use(func(gorm.Source) (orm.Plugin, error) { return p, nil }); err != nil {
		t.Fatal(err)
	}
	if err := reg.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	var n int
	if err := reg.DB().WithContext(context.WithValue(t.Context(), markKey{}, "bg")).Raw("SELECT 1").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.all(), "|"); got != "x  bg" {
		t.Errorf("plugin saw %q", got)
	}
	if err := reg.Use(func(gorm.Source) (orm.Plugin, error) { return p, nil }); err == nil || !strings.Contains(err.Error(), "after Open") {
		t.Errorf("Use after Open: %v", err)
	}
}
