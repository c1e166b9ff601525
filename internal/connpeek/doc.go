// Package connpeek tells whether the peer of an idle connection has
// closed it or sent something unasked, without blocking or consuming a
// byte. contrib/gorm and contrib/queue run it before their PostgreSQL
// pools reuse a connection, so a connection the server ended (a restart,
// pg_terminate_backend) is replaced before a query is lost on it.
package connpeek
