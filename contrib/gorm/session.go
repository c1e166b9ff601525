package gorm

import (
	"context"
	"net/http"

	"github.com/egg-go/egg"
	orm "gorm.io/gorm"
)

// Session is one request's access to the datasources: request-scoped
// (egg.Scoped), built on first use in a request or anonymous context. Its
// *gorm.DB values are bound to the request's context, so a query stops
// when the client goes away and its SQL is logged with the request's id;
// inside gorm.Transactional they are the request's transaction.
//
// Reach it with gorm.DB(c) and gorm.DBOf(c, name), or inject
// *egg.Service[*gorm.Session] and call Get(c). Like the Ctx it comes
// from, use it from the request's own goroutine.
type Session struct {
	reg     *Registry
	c       *egg.Ctx
	bound   []*orm.DB  // per datasource, bound to c on first use
	txs     []*txState // per datasource, while gorm.Transactional holds one
	pending *txState   // begun by Transactional, its writer not yet in place
	ctx     *requestContext
}

// newSession is the singleton factory of the request-scoped Session.
func newSession(reg *Registry) func(*egg.Ctx) *Session {
	return func(c *egg.Ctx) *Session { return &Session{reg: reg, c: c} }
}

// DB returns the default datasource for this request: its transaction
// when gorm.Transactional began one, else the datasource bound to the
// request's context (egg-sequelize's ctx.model). Chain queries on it as on
// any *gorm.DB from gorm.io/gorm:
//
//	var u User
//	err := gorm.DB(c).Preload("Posts").First(&u, id).Error
//
// It panics, naming the type, when the gorm module is not in the app.
func DB(c *egg.Ctx) *orm.DB { return egg.Use[*Session](c).DB() }

// DBOf returns the named datasource for this request, as DB does. An
// unknown name gives a *gorm.DB whose every query fails with an error
// listing the known names.
func DBOf(c *egg.Ctx, name string) *orm.DB { return egg.Use[*Session](c).DBOf(name) }

// Tx returns the request's transaction on the default datasource, and
// whether a gorm.Transactional around the running route began one. DB(c)
// returns the same transaction; Tx is for code that must not run outside
// one.
func Tx(c *egg.Ctx) (*orm.DB, bool) {
	st := egg.Use[*Session](c).tx(0)
	if st == nil {
		return nil, false
	}
	return st.tx, true
}

// DB returns the default datasource for the request; see gorm.DB.
func (s *Session) DB() *orm.DB { return s.get(0) }

// DBOf returns the named datasource for the request; see gorm.DBOf.
func (s *Session) DBOf(name string) *orm.DB {
	src, ok := s.reg.byName[name]
	if !ok {
		db := s.get(0).Session(&orm.Session{NewDB: true})
		_ = db.AddError(s.reg.unknown(name))
		return db
	}
	return s.get(src.index)
}

func (s *Session) get(i int) *orm.DB {
	if st := s.tx(i); st != nil {
		return st.tx
	}
	if s.bound == nil {
		s.bound = make([]*orm.DB, len(s.reg.sources))
	}
	if s.bound[i] == nil {
		s.bound[i] = s.reg.sources[i].must().WithContext(s.context())
	}
	return s.bound[i]
}

// context is what the request's queries run with: the request's own
// context, never the Ctx, which egg recycles when the request ends while
// database/sql's goroutines may still look at the context they were given.
func (s *Session) context() context.Context {
	if s.ctx == nil {
		r := s.c.Request()
		s.ctx = &requestContext{Context: r.Context(), req: r}
	}
	return s.ctx
}

// requestContext is a request's context that also carries the request, so
// the SQL logger finds the request's Ctx (and its logger) without a
// lookup, for as long as the request runs.
type requestContext struct {
	context.Context
	req *http.Request
}

func (s *Session) tx(i int) *txState {
	if i < len(s.txs) {
		return s.txs[i]
	}
	return nil
}

func (s *Session) setTx(i int, st *txState) {
	if s.txs == nil {
		s.txs = make([]*txState, len(s.reg.sources))
	}
	s.txs[i] = st
}
