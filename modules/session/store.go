package session

import (
	"context"
	"time"
)

// Store keeps sessions on the server (Egg's app.sessionStore). Without
// one, the whole session travels in its encrypted cookie; with one, the
// cookie carries only the session's id (still encrypted and
// authenticated, so a client cannot pick or guess an id) and the data
// lives in the store, so it may be larger than a cookie and can be revoked
// on the server.
//
// Provide one through fx to switch store:
//
//	fx.Provide(func() session.Store { return session.NewMemoryStore(0) })
//
// Ids are 22 URL-safe characters made by the session module from 128
// random bits; data is opaque bytes, at most what the app put in the
// session plus a few bytes. Every call gets the request's context (a
// *egg.Ctx). A Redis store is a key prefix plus GET, SET with PX, and DEL.
// If the Store also implements io.Closer, the module closes it at
// BeforeClose; a store sharing a client it does not own must not.
type Store interface {
	// Get returns the data saved under id; found is false when there is
	// none or it expired. An error means the store could not answer (the
	// request's session is then empty and not saved, so it cannot
	// overwrite the real one).
	Get(ctx context.Context, id string) (data []byte, found bool, err error)
	// Set saves data under id for ttl, replacing what was there. The
	// store must not keep data: it is the caller's buffer.
	Set(ctx context.Context, id string, data []byte, ttl time.Duration) error
	// Destroy removes id; removing a missing id is not an error.
	Destroy(ctx context.Context, id string) error
}
