package socketio

import (
	"context"
	"strings"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name: the prefix of its environment variables
// (SOCKETIO_), its name in egg.Disable, egg.Requires and every error.
const Name = "socketio"

// Module is the socketio module (egg-socket.io). It declares Config,
// provides *Server (Egg's app.io), mounts it on the app's router at
// Config.Path, and runs it with the app: the Socket.IO engine and, with
// Config.RedisURL, the Redis adapter start in WillReady; clients are
// disconnected when the app begins to stop (so they reconnect to another
// instance) and everything closes in BeforeClose.
//
//	egg.Run(modules.Default(), socketio.Module, app.Module)
//
// Routes and middleware are added from the app, with *socketio.Server
// injected:
//
//	fx.Invoke(func(io *socketio.Server, chat *controller.Chat) {
//		io.Of("/chat").Route("say", chat.Say)
//	})
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	fx.Provide(newForApp),
	egg.Boot(func(s *Server) *lifecycle { return &lifecycle{s} }),
	egg.Routes(func(r *egg.Router, s *Server) {
		r.Mount(strings.TrimSuffix(s.cfg.Path, "/"), s)
	}),
)

// ConnectionMiddleware registers a named connection middleware from a
// module, for Config.Namespaces to list. A middleware that needs other
// parts of the app registers with Server.ConnectionMiddleware from an
// fx.Invoke instead.
func ConnectionMiddleware(name string, fn ConnectionFunc) fx.Option {
	return fx.Provide(fx.Annotate(func() namedConn { return namedConn{name, fn} },
		fx.ResultTags(`group:"socketio.connection"`)))
}

// PacketMiddleware registers a named packet middleware from a module, for
// Config.Namespaces to list.
func PacketMiddleware(name string, fn PacketFunc) fx.Option {
	return fx.Provide(fx.Annotate(func() namedPacket { return namedPacket{name, fn} },
		fx.ResultTags(`group:"socketio.packet"`)))
}

// appParams are what the module takes from the app.
type appParams struct {
	fx.In
	App    *egg.App
	Config Config
	Conn   []namedConn   `group:"socketio.connection"`
	Packet []namedPacket `group:"socketio.packet"`
}

func newForApp(p appParams) (*Server, error) {
	s := New(p.Config, Options{App: p.App})
	for _, m := range p.Conn {
		s.ConnectionMiddleware(m.name, m.fn)
	}
	for _, m := range p.Packet {
		s.PacketMiddleware(m.name, m.fn)
	}
	p.App.OnDrain(s.disconnectAll)
	return s, nil
}

// lifecycle starts the server before the app is ready and closes it last.
type lifecycle struct{ s *Server }

// WillReady starts the server (and connects the Redis adapter).
func (l *lifecycle) WillReady(ctx context.Context) error { return l.s.Start(ctx) }

// BeforeClose disconnects the clients and closes the engine and adapter.
func (l *lifecycle) BeforeClose(ctx context.Context) error { return l.s.Close(ctx) }
