package presence

import (
	"context"
	"sync"
	"time"

	"github.com/egg-go/egg/contrib/socketio"
)

// Track returns a connection middleware that keeps the socket's user
// online in room while the socket is connected: Join before next(), a
// Refresh every TTL/3 while connected, Leave after next() returns. user
// names the socket's user (for instance from what an auth middleware
// stored); a socket without a user ("") is not tracked. A Redis failure is
// logged, never refuses the connection.
//
//	io.ConnectionMiddleware("presence", p.Track("lobby", func(c *socketio.Ctx) string {
//		name, _ := c.Get(userKey{})
//		return name.(string)
//	}))
func (p *Presence) Track(room string, user func(c *socketio.Ctx) string) socketio.ConnectionFunc {
	return func(c *socketio.Ctx, next func() error) error {
		u := user(c)
		if u == "" {
			return next()
		}
		id := c.ID()
		if err := p.Join(c, room, u, id, p.o.Now()); err != nil {
			c.Logger().Warn("presence: join not recorded", "room", room, "err", err)
		}
		var mu sync.Mutex
		stopped := false
		var t *time.Timer
		var beat func()
		beat = func() {
			mu.Lock()
			defer mu.Unlock()
			if stopped {
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), p.o.TTL/3)
			if err := p.Refresh(ctx, room, u, id, p.o.Now()); err != nil {
				c.Logger().Warn("presence: refresh not recorded", "room", room, "err", err)
			}
			cancel()
			t = time.AfterFunc(p.o.TTL/3, beat)
		}
		mu.Lock()
		t = time.AfterFunc(p.o.TTL/3, beat)
		mu.Unlock()

		err := next() // connected, until the socket disconnects

		mu.Lock()
		stopped = true
		t.Stop()
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if lerr := p.Leave(ctx, room, u, id, p.o.Now()); lerr != nil {
			c.Logger().Warn("presence: leave not recorded; the entry expires after TTL", "room", room, "err", lerr)
		}
		return err
	}
}
