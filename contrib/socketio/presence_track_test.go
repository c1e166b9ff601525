package socketio_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/egg-go/egg/contrib/socketio/presence"
	"github.com/redis/go-redis/v9"
	"go.uber.org/fx"
)

// TestPresenceTrack: presence.Track as a connection middleware on two
// instances — a user who reconnects to the other instance before her old
// socket's disconnect is handled stays online; she goes offline when her
// last socket leaves.
func TestPresenceTrack(t *testing.T) {
	opt, _ := redis.ParseURL(redisURL(t))
	rc := redis.NewClient(opt)
	defer rc.Close()
	key := testKey(t)
	p := presence.New(rc, presence.Options{Key: key, TTL: 30 * time.Second})
	defer rc.Del(context.Background(), key+":lobby", key+":lobby:gone")
	track := fx.Options(
		socketio.ConnectionMiddleware("presence", p.Track("lobby", func(c *socketio.Ctx) string {
			name, _ := c.Auth()["name"].(string)
			return name
		})),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/chat").ConnectionMiddleware = []string{"presence"} }),
	)
	ins := instances(t, 2, key, track)
	users := func() string {
		u, err := p.Online(context.Background(), "lobby")
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(u, ",")
	}
	old := dial(t, ins[0].base, "/chat", map[string]any{"name": "ann"})
	old.connected()
	bob := dial(t, ins[0].base, "/chat", map[string]any{"name": "bob"})
	bob.connected()
	within(t, 2*time.Second, "ann and bob online", func() bool { return users() == "ann,bob" })
	// ann's network flaps: her new socket reaches the other instance first
	reconnected := dial(t, ins[1].base, "/chat", map[string]any{"name": "ann"})
	reconnected.connected()
	old.close() // the old socket's disconnect comes last
	time.Sleep(300 * time.Millisecond)
	if got := users(); got != "ann,bob" {
		t.Fatalf("online %q after ann's old socket left: she is still connected", got)
	}
	reconnected.disconnect()
	within(t, 2*time.Second, "ann offline", func() bool { return users() == "bob" })
}
