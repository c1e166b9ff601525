package gorm

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"sync"

	"github.com/glebarez/sqlite"
)

// sqliteDriver is the pure-Go SQLite driver github.com/glebarez/sqlite
// registers, with the functions registered on it.
var sqliteDriver = sync.OnceValue(func() driver.Driver {
	db, err := sql.Open(sqlite.DriverName, "") // opens nothing: it only finds the driver
	if err != nil {
		panic("gorm: the SQLite driver is not registered: " + err.Error())
	}
	defer db.Close()
	return db.Driver()
})

// openSQLite opens a pool of SQLite connections whose failed COMMIT rolls
// back. SQLite keeps a transaction open when COMMIT fails (a deferred
// foreign key, SQLITE_BUSY), while database/sql takes the transaction as
// over and hands the connection to the next query, which would run inside
// the failed transaction and, with BEGIN IMMEDIATE, keep the write lock
// for good.
func openSQLite(dsn string) *sql.DB {
	return sql.OpenDB(sqliteConnector{dsn: dsn})
}

type sqliteConnector struct{ dsn string }

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := sqliteDriver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteDriverConn)
	if !ok {
		_ = conn.Close()
		return nil, errors.New("gorm: the SQLite driver's connection lacks the context methods this module relies on")
	}
	return &sqliteConn{sqliteDriverConn: inner}, nil
}

func (c sqliteConnector) Driver() driver.Driver { return sqliteDriver() }

// sqliteDriverConn is what glebarez's connection implements.
type sqliteDriverConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
}

type sqliteConn struct {
	sqliteDriverConn
	broken bool // a failed COMMIT could not be rolled back either
}

// Begin implements driver.Conn through BeginTx, so every transaction gets
// the COMMIT guard.
func (c *sqliteConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx implements driver.ConnBeginTx.
func (c *sqliteConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.sqliteDriverConn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqliteTx{Tx: tx, conn: c}, nil
}

// IsValid implements driver.Validator: a connection stuck in a
// transaction leaves the pool.
func (c *sqliteConn) IsValid() bool { return !c.broken }

type sqliteTx struct {
	driver.Tx
	conn *sqliteConn
}

// Commit implements driver.Tx; a failed COMMIT is rolled back.
func (t *sqliteTx) Commit() error {
	err := t.Tx.Commit()
	if err == nil {
		return nil
	}
	if _, rerr := t.conn.ExecContext(context.Background(), "ROLLBACK", nil); rerr != nil &&
		!strings.Contains(rerr.Error(), "no transaction is active") { // SQLite ended it itself
		t.conn.broken = true
	}
	return err
}
