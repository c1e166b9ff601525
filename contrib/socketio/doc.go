// Package socketio is Egg's egg-socket.io for egg for Go: a Socket.IO v4
// server (on github.com/zishang520/socket.io) mounted on the app's router,
// with namespaces by config, connection and packet middleware, event
// routes to typed handlers, rooms, and — with a Redis URL — many instances
// sharing rooms through the protocol of npm @socket.io/redis-adapter, so
// Go and Node servers can share a Redis.
//
// # Set up
//
//	egg.Run(modules.Default(), socketio.Module, app.Module)
//
// The module mounts the server at Config.Path ("/socket.io/") on the app's
// router, so it shares the app's port, middleware (CORS, proxy mode) and
// shutdown. Clients connect with npm socket.io-client 4, or with the small
// client the server serves at /socket.io/socket.io.js.
//
// # Routes (Egg's app.io.of('/chat').route(event, controller.action))
//
//	fx.Invoke(func(io *socketio.Server, chat *Chat) {
//		io.Of("/chat").
//			Route("join", socketio.Handle(chat.Join)).  // func(c *socketio.Ctx, room string) (JoinAck, error)
//			Route("say", socketio.Receive(chat.Say))    // func(c *socketio.Ctx, m Message) error
//	})
//
// A handler gets a *Ctx: the socket, the event's arguments (Bind), its
// acknowledgement (Ack), the app, a logger with the socket's id and
// namespace, and request-scoped services through an anonymous egg context
// made for the event (egg.Use[*Svc](c.Egg())). Events of one socket are
// handled one at a time, in order. An error or a panic is logged and, when
// the client asked for an acknowledgement, answered with ErrorPayload; the
// connection carries on.
//
// # Middleware (Egg's io.namespace['/chat'] = {connectionMiddleware, packetMiddleware})
//
//	egg.Configure(func(c *socketio.Config) {
//		ns := c.Namespace("/chat")
//		ns.ConnectionMiddleware = []string{"auth"}
//		ns.PacketMiddleware = []string{"filter"}
//	}),
//	socketio.ConnectionMiddleware("auth", func(c *socketio.Ctx, next func() error) error {
//		if c.Auth()["token"] == nil {
//			return errors.New("unauthorized") // the client's connect_error
//		}
//		err := next() // connected; returns when the client disconnects
//		c.Logger().Info("left", "reason", c.DisconnectReason())
//		return err
//	}),
//
// # Rooms and broadcasts
//
//	c.Join("lobby")
//	c.Namespace().To("lobby").Emit("said", msg)       // everyone in the room, every instance
//	c.To("lobby").Emit("typing", name)                 // everyone in the room but this socket
//	n, err := c.Namespace().Members(c, "lobby")        // fetchSockets across instances
//	answers, err := io.Of("/chat").To("lobby").EmitWithAck(ctx, "poll", q)
//	err = io.Of("/chat").RemoteDisconnect(ctx, id, true) // wherever the socket is
//
// # Many instances
//
// With Config.RedisURL (SOCKETIO_REDIS_URL) set, instances share rooms,
// broadcasts, fetchSockets, serverSideEmit and remoteDisconnect through
// Redis (see package redisadapter). Long-polling clients need sticky
// sessions behind a balancer; websocket-only clients do not.
package socketio
