package socketio_test

import (
	"testing"
	"time"

	"github.com/egg-go/egg/contrib/socketio"
	"go.uber.org/fx"
)

// BenchmarkEventWithAck is one event's round trip through the packet
// middleware chain, a typed handler and the acknowledgement, over a local
// WebSocket.
func BenchmarkEventWithAck(b *testing.B) {
	_, base, _ := serve(b, fx.Invoke(func(io *socketio.Server) {
		io.Of("/").Route("echo", socketio.Handle(func(c *socketio.Ctx, s string) (string, error) { return s, nil }))
	}))
	c := dial(b, base, "/", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c.ack("echo", "x")
	}
}

// BenchmarkRoomBroadcast is one broadcast to a room of 100 local sockets,
// until every one has it.
func BenchmarkRoomBroadcast(b *testing.B) {
	_, base, io := serve(b, fx.Invoke(chatRoutes))
	const n = 100
	cs := make([]*testClient, n)
	for i := range cs {
		cs[i] = dial(b, base, "/chat", nil)
		cs[i].ack("join", "b")
	}
	nsp := io.Of("/chat")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := nsp.To("b").Emit("said", "x"); err != nil {
			b.Fatal(err)
		}
		for _, c := range cs {
			select {
			case <-c.events:
			case <-time.After(5 * time.Second):
				b.Fatal("a socket did not get the broadcast")
			}
		}
	}
}
