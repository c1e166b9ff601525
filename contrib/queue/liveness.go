package queue

import (
	"context"
	"time"

	"github.com/egg-go/egg/internal/connpeek"
	"github.com/jackc/pgx/v5/pgxpool"
)

// shouldPing is the PostgreSQL pool's check before it hands out a
// connection: pgx's own rule (a ping after a second idle), and a ping
// when the server has spoken on an idle connection unasked — its FATAL
// "terminating connection" when it restarts or an admin ends the session.
// The ping fails on such a connection, the pool drops it and dials a new
// one, so the insert or fetch that follows a restart does not fail.
func shouldPing(_ context.Context, p pgxpool.ShouldPingParams) bool {
	return p.IdleDuration > time.Second || connpeek.Spoke(p.Conn.PgConn().Conn())
}
