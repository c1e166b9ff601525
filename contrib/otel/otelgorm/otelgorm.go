// Package otelgorm traces contrib/gorm's queries with contrib/otel: a
// client span per statement, child of the span in the query's context —
// the request's span for gorm.DB(c), a job's span in a queue worker —
// named after the operation and the table ("SELECT users"), with the
// sanitized SQL, the rows, and the error. Add its Module beside the two
// it bridges:
//
//	egg.Run(otel.Module, modules.Default(), gorm.Module, otelgorm.Module, app.Module)
//
// It is a Go module of its own so that GORM and its drivers stay out of
// the module graph of apps that use contrib/otel without contrib/gorm.
package otelgorm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	orm "gorm.io/gorm"
)

// Module is module "otelgorm": a gorm.Plugin on every datasource, made
// from the app's *otel.Telemetry. With otel's Config.Disabled it adds
// nothing.
var Module = egg.Module("otelgorm",
	gorm.Plugin(func(t *otel.Telemetry, cfg otel.Config) gorm.PluginFunc {
		return func(src gorm.Source) (orm.Plugin, error) {
			if cfg.Disabled {
				return nil, nil
			}
			return New(t, src), nil
		}
	}),
)

// Scope is the instrumentation scope of the spans and the metric.
const Scope = "github.com/egg-go/egg/contrib/otel/otelgorm"

// MetricDuration is the semantic conventions' histogram of query
// durations, in seconds.
const MetricDuration = "db.client.operation.duration"

// Attribute keys beside the semantic conventions' database ones.
const (
	// AttrDatasource names the contrib/gorm datasource ("default", or a
	// Config.DBs name).
	AttrDatasource = attribute.Key("egg.db.datasource")
	// AttrRowsAffected is how many rows an INSERT, UPDATE, DELETE or raw
	// statement changed (a SELECT's rows are db.response.returned_rows).
	AttrRowsAffected = attribute.Key("egg.db.rows_affected")
)

// durationBuckets are the conventions' advised buckets for
// db.client.operation.duration, in seconds.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}

var clientKind = trace.WithSpanKind(trace.SpanKindClient)

// Plugin is the GORM plugin: before and after callbacks around GORM's
// create, query, update, delete, row and raw steps. The module installs
// one per datasource; outside it, pass New(t, src) to (*gorm.DB).Use or
// gorm.Registry.Use.
//
// Each statement is a client span named "{operation} {table}" ("SELECT
// users"; the operation alone when there is no table, e.g. raw SQL), with
// db.system.name, db.namespace, server.address and server.port, the
// datasource (egg.db.datasource), db.operation.name,
// db.collection.name, db.query.text (the SQL with its values as GORM's
// placeholders, and literals written into raw SQL masked: Sanitize),
// db.response.returned_rows for a SELECT, egg.db.rows_affected for a
// write; an error (but not gorm.ErrRecordNotFound) marks it failed, with
// error.type. Its duration is recorded as db.client.operation.duration.
// The parent is the span in the statement's context
// (db.WithContext(ctx)): gorm.DB(c) binds the request's, which carries the
// request span. A statement made in a DryRun session, or after an earlier
// step already failed, has no span.
type Plugin struct {
	tracer   trace.Tracer
	duration metric.Float64Histogram
	base     []attribute.KeyValue // of the datasource, on every span
	system   attribute.KeyValue
	ds       attribute.KeyValue
	sets     sync.Map // metricKey → metric.MeasurementOption
	nSets    atomic.Int64
}

// New makes the plugin of one datasource from the app's telemetry.
func New(t *otel.Telemetry, src gorm.Source) *Plugin {
	// The SDK's instrument constructors only fail on an invalid name or
	// unit, which these are not; on error they return a no-op instrument.
	d, _ := t.MeterProvider().Meter(Scope).Float64Histogram(MetricDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of database client operations."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	p := &Plugin{tracer: t.TracerProvider().Tracer(Scope), duration: d, system: systemOf(src.Driver),
		ds: AttrDatasource.String(clean(src.Name))}
	p.base = append(p.base, p.system, p.ds)
	if src.Database != "" {
		p.base = append(p.base, semconv.DBNamespaceKey.String(clean(src.Database)))
	}
	if host, port, err := net.SplitHostPort(src.Addr); err == nil && src.Driver != gorm.SQLite {
		p.base = append(p.base, semconv.ServerAddressKey.String(clean(host)))
		if n, err := strconv.Atoi(port); err == nil {
			p.base = append(p.base, semconv.ServerPortKey.Int(n))
		}
	}
	return p
}

// systemOf is db.system.name of a contrib/gorm driver.
func systemOf(driver string) attribute.KeyValue {
	switch driver {
	case gorm.Postgres:
		return semconv.DBSystemNamePostgreSQL
	case gorm.MySQL:
		return semconv.DBSystemNameMySQL
	case gorm.SQLite:
		return semconv.DBSystemNameSQLite
	}
	return semconv.DBSystemNameKey.String(clean(driver))
}

// Name implements gorm.Plugin.
func (p *Plugin) Name() string { return "otelgorm" }

// Initialize implements gorm.Plugin: it registers the callbacks.
func (p *Plugin) Initialize(db *orm.DB) error {
	cb := db.Callback()
	// Each span covers GORM's own statement: the inserts of associations
	// and the queries of preloads, made before or after it, are its
	// siblings, not its children.
	errs := []error{
		cb.Create().Before("gorm:create").After("gorm:save_before_associations").Register("otelgorm:before_create", p.before("INSERT")),
		cb.Create().After("gorm:create").Before("gorm:save_after_associations").Register("otelgorm:after_create", p.after),
		cb.Query().Before("gorm:query").Register("otelgorm:before_query", p.before("SELECT")),
		cb.Query().After("gorm:query").Before("gorm:preload").Register("otelgorm:after_query", p.after),
		cb.Update().Before("gorm:update").After("gorm:save_before_associations").Register("otelgorm:before_update", p.before("UPDATE")),
		cb.Update().After("gorm:update").Before("gorm:save_after_associations").Register("otelgorm:after_update", p.after),
		cb.Delete().Before("gorm:delete").After("gorm:delete_before_associations").Register("otelgorm:before_delete", p.before("DELETE")),
		cb.Delete().After("gorm:delete").Register("otelgorm:after_delete", p.after),
		cb.Row().Before("gorm:row").Register("otelgorm:before_row", p.before("")),
		cb.Row().After("gorm:row").Register("otelgorm:after_row", p.after),
		cb.Raw().Before("gorm:raw").Register("otelgorm:before_raw", p.before("")),
		cb.Raw().After("gorm:raw").Register("otelgorm:after_raw", p.after),
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("otelgorm: registering the callbacks: %w", err)
	}
	return nil
}

// spanCtx is the statement's context while its span runs: the span's
// context, with what after needs, in one allocation.
type spanCtx struct {
	context.Context
	parent context.Context
	span   trace.Span
	start  time.Time
	op     string
}

type spanKey struct{}

// Value finds the spanCtx itself under spanKey.
func (c *spanCtx) Value(key any) any {
	if key == (spanKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// before starts the statement's span and puts it in the statement's
// context, where the driver (and nested statements) find it.
func (p *Plugin) before(op string) func(*orm.DB) {
	return func(db *orm.DB) {
		if db.Error != nil || db.DryRun || db.Statement == nil {
			return
		}
		parent := db.Statement.Context
		if parent == nil {
			parent = context.Background()
		}
		name := op
		if name == "" {
			name = "SQL"
		}
		ctx, span := p.tracer.Start(parent, name, clientKind)
		db.Statement.Context = &spanCtx{Context: ctx, parent: parent, span: span, start: time.Now(), op: op}
	}
}

// after ends the statement's span and gives the statement its context
// back.
func (p *Plugin) after(db *orm.DB) {
	if db.Statement == nil || db.Statement.Context == nil {
		return
	}
	sc, ok := db.Statement.Context.(*spanCtx)
	if !ok {
		if sc, ok = db.Statement.Context.Value(spanKey{}).(*spanCtx); !ok {
			return
		}
	}
	db.Statement.Context = sc.parent
	d := time.Since(sc.start)
	sql := db.Statement.SQL.String()
	op := sc.op
	if op == "" {
		op = operationOf(sql)
	}
	table := clean(db.Statement.Table)
	err := db.Error
	if errors.Is(err, orm.ErrRecordNotFound) {
		err = nil
	}
	errType := ""
	if err != nil {
		errType = errorType(err)
	}
	span := sc.span
	if span.IsRecording() {
		if table != "" {
			span.SetName(op + " " + table)
		} else {
			span.SetName(op)
		}
		attrs := make([]attribute.KeyValue, 0, len(p.base)+6)
		attrs = append(attrs, p.base...)
		attrs = append(attrs, semconv.DBOperationNameKey.String(op))
		if table != "" {
			attrs = append(attrs, semconv.DBCollectionNameKey.String(table))
		}
		if sql != "" {
			attrs = append(attrs, semconv.DBQueryTextKey.String(clean(Sanitize(sql))))
		}
		switch {
		case err != nil:
		case op == "SELECT" && sc.op != "":
			attrs = append(attrs, semconv.DBResponseReturnedRowsKey.Int64(db.Statement.RowsAffected))
		case sc.op != "" || db.Statement.RowsAffected > 0:
			attrs = append(attrs, AttrRowsAffected.Int64(db.Statement.RowsAffected))
		}
		if err != nil {
			attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
			span.RecordError(err)
			span.SetStatus(codes.Error, clean(err.Error()))
		}
		span.SetAttributes(attrs...)
	}
	span.End()
	p.duration.Record(sc.parent, d.Seconds(), p.metricSet(op, table, errType))
}

// metricKey is a label set of the duration histogram.
type metricKey struct{ op, table, errType string }

// maxSets bounds the cached label sets; tables and operations are few,
// past it sets are built per statement (correct, slower).
const maxSets = 4096

// metricSet returns the record option of a label set, made once.
func (p *Plugin) metricSet(op, table, errType string) metric.RecordOption {
	k := metricKey{op, table, errType}
	if v, ok := p.sets.Load(k); ok {
		return v.(metric.RecordOption)
	}
	attrs := []attribute.KeyValue{p.system, p.ds, semconv.DBOperationNameKey.String(op)}
	if table != "" {
		attrs = append(attrs, semconv.DBCollectionNameKey.String(table))
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
	}
	opt := metric.WithAttributeSet(attribute.NewSet(attrs...))
	if p.nSets.Load() < maxSets {
		if v, loaded := p.sets.LoadOrStore(k, opt); loaded {
			return v.(metric.RecordOption)
		}
		p.nSets.Add(1)
	}
	return opt
}

// operationOf is the operation of raw SQL: its first keyword, upper
// case ("SELECT", "WITH", "PRAGMA"), or "SQL".
func operationOf(sql string) string {
	sql = strings.TrimLeft(sql, " \t\r\n(")
	end := 0
	for end < len(sql) && end < 32 && ('a' <= sql[end]|0x20 && sql[end]|0x20 <= 'z') {
		end++
	}
	if end == 0 {
		return "SQL"
	}
	return strings.ToUpper(sql[:end])
}

// errorType is error.type of a failed statement: GORM's translated
// errors and timeouts by name, else the error's Go type.
func errorType(err error) string {
	switch {
	case errors.Is(err, orm.ErrDuplicatedKey):
		return "duplicated_key"
	case errors.Is(err, orm.ErrForeignKeyViolated):
		return "foreign_key_violated"
	case errors.Is(err, orm.ErrCheckConstraintViolated):
		return "check_constraint_violated"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return fmt.Sprintf("%T", err)
		}
		err = u
	}
}

// clean makes a string fit for an attribute: clipped (egg.Clip) and valid
// UTF-8, which OTLP requires of every string.
func clean(s string) string { return strings.ToValidUTF8(egg.Clip(s), "\uFFFD") }
