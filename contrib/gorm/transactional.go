package gorm

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/jackc/pgx/v5"
	orm "gorm.io/gorm"
)

// ErrCommitFailed is wrapped by the error a handler's write gets when the
// request's transaction could not commit: the success response it was
// writing is dropped and the client gets the error instead.
var ErrCommitFailed = errors.New("gorm: the request's transaction did not commit")

// Transactional is a route middleware that runs the request in a
// transaction on the default datasource (or the one named): gorm.DB(c)
// and gorm.Tx(c) return it, so every service the handler calls writes
// through it.
//
//	r.With(gorm.Transactional()).Post("/api/users", users.Create)
//
// It commits when the response starts, if the handler has not failed
// (no error rendered) and the status is below 500; it rolls back on an
// error, a 5xx, or a panic. Committing before the status line goes out
// means a client never sees a success for data that was not saved: when
// the commit fails, the response being written is dropped and the commit
// error is rendered instead (a 500). A handler that writes nothing
// commits when it returns nil.
//
// A 4xx written after a failed statement (a duplicate key answered 409)
// goes out as written: on PostgreSQL, where the failed statement aborted
// the transaction, COMMIT rolls it back; on MySQL and SQLite the
// statements before it commit, as for any 4xx.
//
// So write the response last: the transaction is over once it starts. An
// error returned after a success response was written cannot undo the
// commit (it is logged). Inside another Transactional on the same
// datasource the request keeps the outer transaction; middleware outside
// it gets the plain database again once the route is done.
func Transactional(datasource ...string) func(http.Handler) http.Handler {
	name := DefaultName
	if len(datasource) > 0 {
		name = datasource[0]
	}
	return func(next http.Handler) http.Handler {
		// the writer goes in after the transaction began, right before
		// the route's handler (egg.Koa hands its own writer on)
		inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c := egg.CtxFrom(r); c != nil {
				s := egg.Use[*Session](c)
				if st := s.pending; st != nil {
					s.pending = nil
					st.w.ResponseWriter = w
					next.ServeHTTP(&st.w, r)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
		return egg.Koa(func(c *egg.Ctx, next func() error) error {
			return egg.Use[*Session](c).transactional(name, next)
		})(inner)
	}
}

// txState is one transaction Transactional holds.
type txState struct {
	name      string
	tx        *orm.DB
	c         *egg.Ctx
	w         txWriter
	done      bool  // committed or rolled back
	committed bool  // the commit succeeded
	failed    error // the commit failed: the success response is dropped
}

func (s *Session) transactional(name string, next func() error) error {
	src, ok := s.reg.byName[name]
	if !ok {
		return fmt.Errorf("gorm.Transactional(%q): %w", name, s.reg.unknown(name))
	}
	if s.tx(src.index) != nil {
		return next() // the outer Transactional's transaction
	}
	tx := src.must().WithContext(s.context()).Begin()
	if tx.Error != nil {
		return fmt.Errorf("gorm: cannot begin a transaction on datasource %q: %w", name, tx.Error)
	}
	st := &txState{name: name, tx: tx, c: s.c}
	st.w.st = st
	s.setTx(src.index, st)
	s.pending = st
	returned := false
	defer func() {
		if !returned { // a panic: roll back and let it go on to egg, stack intact
			st.rollback()
		}
		s.setTx(src.index, nil) // middleware further out gets the plain database again
	}()
	err := next()
	returned = true
	s.pending = nil
	switch {
	case st.failed != nil:
		if s.c.RenderedError() != nil {
			return err // the handler returned the failed write's error: rendered already
		}
		return st.failed
	case st.done:
		if err != nil && st.committed {
			s.c.Logger().Warn("the handler failed after its response started: the transaction was already committed",
				"db", name, "err", err)
		}
		return err
	case err != nil || s.c.Status() >= http.StatusInternalServerError:
		st.rollback()
		return err
	}
	if cerr := st.commit(); cerr != nil {
		return cerr // nothing was written: egg renders it
	}
	return err
}

func (st *txState) commit() error {
	st.done = true
	if err := st.tx.Commit().Error; err != nil {
		st.failed = fmt.Errorf("%w (datasource %q): %w", ErrCommitFailed, st.name, err)
		return st.failed
	}
	st.committed = true
	return nil
}

func (st *txState) rollback() {
	if st.done {
		return
	}
	st.done = true
	if err := st.tx.Rollback().Error; err != nil && !errors.Is(err, orm.ErrInvalidTransaction) {
		st.c.Logger().Warn("transaction rollback failed", "db", st.name, "err", err)
	}
}

// txWriter is the route's response writer under Transactional: the first
// status decides the transaction before it goes out.
type txWriter struct {
	http.ResponseWriter
	st *txState
}

// pass decides the transaction at the first status and reports whether
// this write may go out: after a failed commit only the error renderer's
// writes do.
func (w *txWriter) pass(status int) bool {
	st := w.st
	if !st.done {
		if st.c.RenderedError() != nil || status >= http.StatusInternalServerError {
			st.rollback()
		} else if err := st.commit(); err != nil {
			if status >= http.StatusBadRequest && errors.Is(err, pgx.ErrTxCommitRollback) {
				// A 4xx the handler wrote after a statement it expected to
				// fail (a duplicate key answered 409): PostgreSQL had
				// already aborted the transaction and rolled it back at
				// COMMIT. Nothing was saved, which is what the 4xx says:
				// it goes out as written.
				st.failed, st.committed = nil, false
				return true
			}
			return false
		}
		return true
	}
	return st.failed == nil || st.c.RenderedError() != nil
}

// WriteHeader implements http.ResponseWriter.
func (w *txWriter) WriteHeader(code int) {
	if code < 200 { // 1xx: informational, the response is still to come
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.pass(code) {
		w.ResponseWriter.WriteHeader(code)
	}
}

// Write implements http.ResponseWriter.
func (w *txWriter) Write(b []byte) (int, error) {
	if !w.pass(http.StatusOK) {
		return 0, w.st.failed
	}
	return w.ResponseWriter.Write(b)
}

// WriteString writes s without a copy when the writer underneath can.
func (w *txWriter) WriteString(s string) (int, error) {
	if !w.pass(http.StatusOK) {
		return 0, w.st.failed
	}
	return io.WriteString(w.ResponseWriter, s)
}

// Flush implements http.Flusher; it starts the response, so it decides
// the transaction first.
func (w *txWriter) Flush() {
	if w.pass(http.StatusOK) {
		_ = http.NewResponseController(w.ResponseWriter).Flush()
	}
}

// Unwrap returns the writer underneath, for http.ResponseController.
func (w *txWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
