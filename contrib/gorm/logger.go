package gorm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/egg-go/egg"
	orm "gorm.io/gorm"
	gormlogger "gorm.io/gorm/logger"
	"gorm.io/gorm/utils"
)

// sqlLogger is gorm's logger.Interface on slog. Each statement goes to the
// logger of the request that ran it (egg's ctx logger, with the request
// id), or to the module's logger outside requests:
//
//   - at debug: every statement, with its rows and duration;
//   - at warn: statements slower than Config.SlowThreshold ("slow SQL"),
//     and failed statements (record-not-found and canceled ones stay at
//     debug: they are answers, not faults).
//
// db.Debug() (gorm's LogMode(Info)) logs its statements at info, so they
// show without lowering the app's level; LogMode(Silent) logs nothing.
type sqlLogger struct {
	base       *slog.Logger
	datasource string
	slow       time.Duration
	values     bool
	mode       gormlogger.LogLevel
}

func newSQLLogger(base *slog.Logger, datasource string, slow time.Duration, values bool) *sqlLogger {
	return &sqlLogger{base: base, datasource: datasource, slow: slow, values: values, mode: gormlogger.Warn}
}

// LogMode implements gormlogger.Interface.
func (l *sqlLogger) LogMode(level gormlogger.LogLevel) gormlogger.Interface {
	c := *l
	c.mode = level
	return &c
}

// Info implements gormlogger.Interface (gorm's own messages).
func (l *sqlLogger) Info(ctx context.Context, msg string, args ...any) {
	l.message(ctx, gormlogger.Info, slog.LevelInfo, msg, args)
}

// Warn implements gormlogger.Interface.
func (l *sqlLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.message(ctx, gormlogger.Warn, slog.LevelWarn, msg, args)
}

// Error implements gormlogger.Interface.
func (l *sqlLogger) Error(ctx context.Context, msg string, args ...any) {
	l.message(ctx, gormlogger.Error, slog.LevelError, msg, args)
}

func (l *sqlLogger) message(ctx context.Context, need gormlogger.LogLevel, level slog.Level, msg string, args []any) {
	if l.mode < need {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if !l.base.Enabled(ctx, level) {
		return
	}
	l.logger(ctx).LogAttrs(ctx, level, "gorm: "+fmt.Sprintf(msg, args...), slog.String("db", l.datasource))
}

// ParamsFilter implements gorm.ParamsFilter: without Config.LogValues the
// logged SQL keeps its placeholders.
func (l *sqlLogger) ParamsFilter(_ context.Context, sql string, params ...any) (string, []any) {
	if !l.values {
		return sql, nil
	}
	return sql, params
}

// Trace implements gormlogger.Interface: one line per statement.
func (l *sqlLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if l.mode <= gormlogger.Silent {
		return
	}
	elapsed := time.Since(begin)
	level, msg := slog.LevelDebug, "sql"
	switch {
	case err != nil && !errors.Is(err, orm.ErrRecordNotFound) && !errors.Is(err, context.Canceled):
		level, msg = slog.LevelWarn, "sql failed"
	case l.slow > 0 && elapsed >= l.slow:
		level, msg = slog.LevelWarn, "slow sql"
	case l.mode >= gormlogger.Info:
		level = slog.LevelInfo // db.Debug()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if !l.base.Enabled(ctx, level) { // the ctx logger shares the app's handler
		return
	}
	sql, rows := fc()
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs, slog.String("db", l.datasource), slog.String("sql", sql), slog.Int64("rows", rows),
		slog.Duration("duration", elapsed))
	if msg == "slow sql" {
		attrs = append(attrs, slog.Duration("threshold", l.slow))
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	if at := utils.FileWithLineNum(); at != "" { // the app's line that ran the query
		attrs = append(attrs, slog.String("at", shortPath(at)))
	}
	l.logger(ctx).LogAttrs(ctx, level, msg, attrs...)
}

// shortPath keeps a file path's last directory and name: "service/users.go:42".
func shortPath(p string) string {
	if i := strings.LastIndexByte(p, '/'); i > 0 {
		if j := strings.LastIndexByte(p[:i], '/'); j >= 0 {
			return p[j+1:]
		}
	}
	return p
}

// logger is the request's ctx logger when ctx is, or comes from, an egg
// request's context; the module's logger otherwise.
func (l *sqlLogger) logger(ctx context.Context) *slog.Logger {
	if rc, ok := ctx.(*requestContext); ok { // gorm.DB(c): no lookup
		if c := egg.CtxFrom(rc.req); c != nil {
			return c.Logger()
		}
		return l.base // the request has ended
	}
	if ctx != context.Background() {
		// any other context, e.g. one derived from a request's with
		// WithTimeout: egg finds the Ctx through its request API
		if c := egg.CtxFrom((&http.Request{}).WithContext(ctx)); c != nil {
			return c.Logger()
		}
	}
	return l.base
}
