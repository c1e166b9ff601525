// Package queuegorm enqueues contrib/queue jobs inside GORM transactions
// of contrib/gorm: the job and the rows the transaction writes commit
// together, or neither exists (the transactional outbox). It is a package
// of its own so that the queue does not bring GORM into apps that do not
// use it.
//
// In a handler under gorm.Transactional:
//
//	r.With(gorm.Transactional()).Post("/orders", func(c *egg.Ctx) error {
//		o := Order{Item: "book"}
//		if err := gorm.DB(c).Create(&o).Error; err != nil {
//			return err
//		}
//		if _, err := queuegorm.Insert(c, MailArgs{OrderID: o.ID}, nil); err != nil {
//			return err
//		}
//		return c.JSON(http.StatusCreated, o) // commits the order and the job
//	})
//
// When the handler returns an error, answers 5xx or panics, the request's
// transaction rolls back and the job was never enqueued; when it commits,
// the job runs (and finds the order, committed with it).
//
// The queue and the GORM datasource must be one database: on PostgreSQL
// the same database (River's tables in queue.Config.Schema, or on the
// datasource's search_path when Schema is empty); on SQLite the same file
// (GORM_DSN and QUEUE_URL naming it). The insert goes through the
// transaction's own connection: on PostgreSQL with River's database/sql
// driver (GORM runs pgx through database/sql, so its transaction is a
// *sql.Tx, not the pgx.Tx of River's pgx driver), on SQLite with River's
// SQLite driver.
package queuegorm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	orm "gorm.io/gorm"
)

// ErrNoTransaction is wrapped by Insert's error on a route without
// gorm.Transactional, and by InsertTx's for a *gorm.DB that is not a
// transaction: nothing was enqueued.
var ErrNoTransaction = errors.New("queuegorm: no GORM transaction to enqueue in")

// Insert enqueues a job in the request's transaction on the default
// datasource, the one gorm.Transactional began for the route: the job
// exists only if that transaction commits. Outside a gorm.Transactional
// route it enqueues nothing and returns an error wrapping
// ErrNoTransaction; use queue.Insert there. For a named datasource, call
// InsertTx with gorm.DBOf(c, name).
func Insert(c *egg.Ctx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	tx, ok := gorm.Tx(c)
	if !ok {
		return nil, fmt.Errorf("%w: the route of %s %s has no request transaction; wrap it in gorm.Transactional(), or enqueue with queue.Insert outside a transaction",
			ErrNoTransaction, c.Method(), c.Path())
	}
	return InsertTx(tx.Statement.Context, queue.Of(c), tx, args, opts)
}

// InsertTx enqueues a job with cl in tx, any GORM transaction on the
// queue's database (the request's from gorm.Tx or gorm.DBOf, one of
// db.Transaction(func(tx *gorm.DB) error { ... }), or db.Begin()): the
// job exists only if tx commits. A *gorm.DB that is not in a transaction
// gets an error wrapping ErrNoTransaction; one on another kind of
// database than the queue's (MySQL, or SQLite with the queue on
// PostgreSQL) gets an error naming both.
func InsertTx(ctx context.Context, cl *queue.Client, tx *orm.DB, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	if tx == nil || tx.Statement == nil {
		return nil, fmt.Errorf("%w: InsertTx got a nil *gorm.DB", ErrNoTransaction)
	}
	if tx.Error != nil {
		return nil, fmt.Errorf("queuegorm: the GORM transaction failed before the %q job was enqueued: %w", args.Kind(), tx.Error)
	}
	stx, ok := sqlTx(tx)
	if !ok {
		return nil, fmt.Errorf("%w: the *gorm.DB is not in a transaction (its connection is %T); pass the tx of db.Transaction or db.Begin, or gorm.Tx(c) under gorm.Transactional",
			ErrNoTransaction, tx.Statement.ConnPool)
	}
	if got := tx.Dialector.Name(); got != cl.Driver() {
		return nil, fmt.Errorf("queuegorm: the GORM transaction is on %s while the queue keeps its jobs in %s; a job commits with the rows only when both are in one database: point QUEUE_URL at the datasource's database, or enqueue with queue.Insert after the commit",
			got, cl.Driver())
	}
	res, err := cl.InsertSQLTx(ctx, stx, args, opts)
	if err != nil {
		return nil, fmt.Errorf("queuegorm: enqueue a %q job in the GORM transaction: %w (River's tables must be in the transaction's database: the queue's Schema on PostgreSQL, the QUEUE_URL file on SQLite)",
			args.Kind(), err)
	}
	return res, nil
}

// sqlTx is the database/sql transaction under a GORM transaction.
func sqlTx(db *orm.DB) (*sql.Tx, bool) {
	switch p := db.Statement.ConnPool.(type) {
	case *sql.Tx:
		return p, true
	case *orm.PreparedStmtTX: // gorm.Config.PrepareStmt
		t, ok := p.Tx.(*sql.Tx)
		return t, ok
	}
	return nil, false
}
