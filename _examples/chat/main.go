// Command chat is egg's Socket.IO example: a chat on the namespace /chat,
// with rooms, that runs as one instance or as many sharing a Redis.
//
//	go run ./_examples/chat                    # http://127.0.0.1:7001 (PORT or --port to move it)
//	REDIS_URL=redis://127.0.0.1:6379 go run ./_examples/chat --port 7002   # one of many instances
//
// Its contract (the Node and browser tests hold it to this):
//
//   - namespace /chat; the handshake must carry auth {name: "..."}, else
//     the connection is refused with the message "unauthorized";
//   - "join" with a room name: the socket joins it; the acknowledgement is
//     {room, members}, members counting the room's sockets on every
//     instance;
//   - "say" with {room, text}: every socket in the room, on any instance,
//     gets "said" with {room, text, from} (from = the sender's name), and
//     no other socket does;
//   - GET / serves a chat page that works with no internet access (the
//     client script comes from this server).
package main

import (
	"os"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/chat/app"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

func main() {
	egg.Run(options()...)
}

// options is the whole app; the tests start the same app.
func options() []fx.Option {
	return []fx.Option{
		modules.Default(), egg.Name("chat"), socketio.Module, app.Module,
		// REDIS_URL (the name the contract gives) switches on the Redis
		// adapter; SOCKETIO_REDIS_URL, when set, still wins.
		egg.Configure(func(c *socketio.Config) { c.RedisURL = os.Getenv("REDIS_URL") }),
	}
}
