// Package app is the chat: its Socket.IO routes and middleware, its page
// and a small stats endpoint the tests read.
package app

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/chat/app/page"
	"github.com/egg-go/egg/contrib/socketio"
	"go.uber.org/fx"
)

// Module is the chat application.
var Module = egg.Module("chat",
	egg.Requires(socketio.Name),
	fx.Provide(NewStats, NewChat),
	egg.Configure(func(c *socketio.Config) {
		// Egg's io.namespace['/chat'] = {connectionMiddleware, packetMiddleware}
		ns := c.Namespace("/chat")
		ns.ConnectionMiddleware = []string{"track", "auth"}
		ns.PacketMiddleware = []string{"count"}
	}),
	fx.Invoke(Register),
	egg.Routes(func(r *egg.Router, stats *Stats) {
		r.Get("/", page.Index).Name("home")
		r.Get("/chat.js", page.Script)
		r.Get("/stats", stats.Show)
	}),
)

// Register wires the namespace: named middleware, then routes (Egg's
// app/io/middleware and app/router.js's io.of('/chat').route(...)).
func Register(io *socketio.Server, chat *Chat, stats *Stats) {
	io.ConnectionMiddleware("track", stats.Track)
	io.ConnectionMiddleware("auth", stats.Auth)
	io.PacketMiddleware("count", stats.Count)
	io.Of("/chat").
		Route("join", socketio.Handle(chat.Join)).
		Route("leave", socketio.Handle(chat.Leave)).
		Route("say", socketio.Receive(chat.Say)).
		Route("whoami", chat.WhoAmI).
		Route("probe", chat.Probe)
}
