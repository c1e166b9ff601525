package otelgorm_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/otel/otelgorm"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.uber.org/fx"
	orm "gorm.io/gorm"
)

// User and Post are the test models: a user has many posts.
type User struct {
	ID    uint
	Name  string `gorm:"uniqueIndex"`
	Posts []Post
}

type Post struct {
	ID     uint
	Title  string
	UserID uint
}

// blog is the app under test.
var blog = egg.Module("blog",
	gorm.Models(&User{}, &Post{}),
	egg.Routes(func(r *egg.Router) {
		r.With(gorm.Transactional()).Post("/users/:name", func(c *egg.Ctx) error {
			u := User{Name: c.Param("name"), Posts: []Post{{Title: "hello"}}}
			if err := gorm.DB(c).Create(&u).Error; err != nil {
				if errors.Is(err, orm.ErrDuplicatedKey) {
					return egg.NewError(http.StatusConflict, "taken", "name taken")
				}
				return err
			}
			return c.NoContent(http.StatusCreated)
		})
		r.Get("/users/:name", func(c *egg.Ctx) error {
			var u User
			err := gorm.DB(c).Preload("Posts").Where("name = ?", c.Param("name")).First(&u).Error
			if errors.Is(err, orm.ErrRecordNotFound) {
				return egg.NewError(http.StatusNotFound, "not_found", "no such user")
			}
			if err != nil {
				return err
			}
			return c.JSON(http.StatusOK, map[string]int{"posts": len(u.Posts)})
		})
		r.Get("/stats", func(c *egg.Ctx) error {
			var n int64
			// one chain, two statements: each is a child of the request's span
			q := gorm.DB(c).Model(&User{}).Where("id > ?", 0)
			if err := q.Count(&n).Error; err != nil {
				return err
			}
			var names []string
			if err := q.Pluck("name", &names).Error; err != nil {
				return err
			}
			var raw int64
			if err := gorm.DB(c).Raw("SELECT count(*) FROM users WHERE name = 'ann' AND id > 3").Scan(&raw).Error; err != nil {
				return err
			}
			return c.Text(http.StatusOK, "ok")
		})
		r.Get("/broken", func(c *egg.Ctx) error {
			return gorm.DB(c).Exec("UPDATE no_such_table SET x = 1").Error
		})
	}),
)

// app is a started test app with its in-memory exporter.
type app struct {
	t      *testing.T
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tel    *otel.Telemetry
	srv    *httptest.Server
}

func startApp(t *testing.T, opts ...fx.Option) *app {
	t.Helper()
	a := &app{t: t, spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	all := append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard), otel.Module, gorm.Module, otelgorm.Module, blog,
		egg.Configure(func(c *otel.Config) { c.SpanExporter, c.MetricReader = a.spans, a.reader }),
		fx.Populate(&a.tel)}, opts...)
	eggApp, err := egg.New(all...)
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	if err := eggApp.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	a.srv = httptest.NewServer(eggApp)
	t.Cleanup(func() {
		a.srv.Close()
		if err := eggApp.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return a
}

// do sends a request, checks its status, and returns the spans of its
// trace: the server span, then the others in the order they ended.
func (a *app) do(method, path string, status int) (tracetest.SpanStub, tracetest.SpanStubs) {
	a.t.Helper()
	a.spans.Reset()
	req, _ := http.NewRequest(method, a.srv.URL+path, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != status {
		a.t.Fatalf("%s %s: %d, want %d", method, path, res.StatusCode, status)
	}
	if err := a.tel.ForceFlush(context.Background()); err != nil {
		a.t.Fatal(err)
	}
	var server tracetest.SpanStub
	for _, s := range a.spans.GetSpans() {
		if s.InstrumentationScope.Name != otelgorm.Scope && strings.HasPrefix(s.Name, method) {
			server = s
		}
	}
	if !server.SpanContext.IsValid() {
		a.t.Fatalf("%s %s: no server span", method, path)
	}
	var queries tracetest.SpanStubs // start-up's migration queries are in traces of their own
	for _, s := range a.spans.GetSpans() {
		if s.InstrumentationScope.Name == otelgorm.Scope && s.SpanContext.TraceID() == server.SpanContext.TraceID() {
			queries = append(queries, s)
		}
	}
	return server, queries
}

func attr(s tracetest.SpanStub, key attribute.Key) string {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value.Emit()
		}
	}
	return "<none>"
}

// Every statement of a request is a client span, child of the request's
// span (association inserts and preloads are siblings of their parent
// statement), named after its operation and table, with its attributes.
func TestQuerySpansUnderTheRequest(t *testing.T) {
	a := startApp(t)
	_, _ = a.do(http.MethodPost, "/users/ann", http.StatusCreated)
	for _, tc := range []struct {
		method, path string
		status       int
		want         []string // "name | db.query.text | rows"
	}{
		{http.MethodPost, "/users/bob", http.StatusCreated, []string{
			"INSERT users | INSERT INTO `users` (`name`) VALUES (?) RETURNING `id` | rows_affected=1",
			"INSERT posts | INSERT INTO `posts` (`title`,`user_id`) VALUES (?,?) ON CONFLICT (`id`) DO UPDATE SET `user_id`=`excluded`.`user_id` RETURNING `id` | rows_affected=1",
		}},
		{http.MethodGet, "/users/ann", http.StatusOK, []string{
			"SELECT users | SELECT * FROM `users` WHERE name = ? ORDER BY `users`.`id` LIMIT ? | returned_rows=1",
			"SELECT posts | SELECT * FROM `posts` WHERE `posts`.`user_id` = ? | returned_rows=1",
		}},
		{http.MethodGet, "/users/nobody", http.StatusNotFound, []string{
			"SELECT users | SELECT * FROM `users` WHERE name = ? ORDER BY `users`.`id` LIMIT ? | returned_rows=0",
		}},
		{http.MethodGet, "/stats", http.StatusOK, []string{
			"SELECT users | SELECT count(*) FROM `users` WHERE id > ? | returned_rows=1",
			"SELECT users | SELECT `name` FROM `users` WHERE id > ? | returned_rows=2",
			"SELECT | SELECT count(*) FROM users WHERE name = ? AND id > ? | -",
		}},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			server, queries := a.do(tc.method, tc.path, tc.status)
			var got []string
			for _, q := range queries {
				rows := "-"
				if v := attr(q, semconv.DBResponseReturnedRowsKey); v != "<none>" {
					rows = "returned_rows=" + v
				} else if v := attr(q, otelgorm.AttrRowsAffected); v != "<none>" {
					rows = "rows_affected=" + v
				}
				got = append(got, q.Name+" | "+attr(q, semconv.DBQueryTextKey)+" | "+rows)
				if q.Parent.SpanID() != server.SpanContext.SpanID() || q.SpanContext.TraceID() != server.SpanContext.TraceID() {
					t.Errorf("%s: parent %s, want the request span %s", q.Name, q.Parent.SpanID(), server.SpanContext.SpanID())
				}
				if q.Status.Code != codes.Unset {
					t.Errorf("%s: status %v", q.Name, q.Status)
				}
				if attr(q, semconv.DBSystemNameKey) != "sqlite" || attr(q, otelgorm.AttrDatasource) != "default" {
					t.Errorf("%s: attributes %v", q.Name, q.Attributes)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("query spans:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A failed statement is an error span; its request's 500 is too.
func TestQueryError(t *testing.T) {
	a := startApp(t)
	_, queries := a.do(http.MethodGet, "/broken", http.StatusInternalServerError)
	if len(queries) != 1 {
		t.Fatalf("want one query span, got %d", len(queries))
	}
	q := queries[0]
	if q.Name != "UPDATE" || q.Status.Code != codes.Error || !strings.Contains(q.Status.Description, "no such table") {
		t.Errorf("span %q status %v %q", q.Name, q.Status.Code, q.Status.Description)
	}
	if et := attr(q, semconv.ErrorTypeKey); et == "<none>" || et == "" {
		t.Errorf("no error.type: %v", q.Attributes)
	}
	// the duration histogram has the failed UPDATE with its error.type
	var rm metricdata.ResourceMetrics
	if err := a.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != otelgorm.MetricDuration {
				continue
			}
			for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				op, _ := p.Attributes.Value(semconv.DBOperationNameKey)
				_, hasErr := p.Attributes.Value(semconv.ErrorTypeKey)
				found = found || op.AsString() == "UPDATE" && hasErr
			}
		}
	}
	if !found {
		t.Errorf("no %s point for the failed UPDATE", otelgorm.MetricDuration)
	}
}

// With otel disabled the plugin is not installed: no spans, queries work.
func TestDisabled(t *testing.T) {
	a := startApp(t, egg.Configure(func(c *otel.Config) { c.Disabled = true }))
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/users/cat", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := len(a.spans.GetSpans()); n != 0 {
		t.Errorf("%d spans with otel disabled", n)
	}
}

// On PostgreSQL the spans name the system, the database and the server.
func TestPostgresAttributes(t *testing.T) {
	a := startApp(t, gormtest.Postgres(t, gormtest.PostgresURL(t)))
	_, queries := a.do(http.MethodPost, "/users/dan", http.StatusCreated)
	if len(queries) != 2 {
		t.Fatalf("want the users and posts inserts, got %d spans", len(queries))
	}
	q := queries[0]
	if q.Name != "INSERT users" || attr(q, semconv.DBSystemNameKey) != "postgresql" || attr(q, semconv.ServerAddressKey) != "127.0.0.1" ||
		attr(q, semconv.ServerPortKey) != "5432" || attr(q, semconv.DBNamespaceKey) == "<none>" ||
		!strings.Contains(attr(q, semconv.DBQueryTextKey), "$1") {
		t.Errorf("span %q attributes %v", q.Name, q.Attributes)
	}
}
