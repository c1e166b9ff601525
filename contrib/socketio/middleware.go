package socketio

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ConnectionFunc is a connection middleware (Egg's connectionMiddleware),
// a Koa-style onion around a client's whole stay in a namespace: code
// before next() runs when the client connects, next() returns when it
// disconnects, and code after next() runs then.
//
//	func auth(c *socketio.Ctx, next func() error) error {
//		if c.Auth()["token"] == nil {
//			return errors.New("unauthorized") // the client's connect_error
//		}
//		err := next() // connected; returns on disconnect
//		c.Logger().Info("left", "reason", c.DisconnectReason())
//		return err
//	}
//
// Returning an error before next() refuses the connection: the client gets
// connect_error with the error's message (an *egg.Error's Message).
// Returning nil without calling next() refuses it too ("connection
// refused"). While a client is connected, a namespace with connection
// middleware keeps one goroutine parked in next() for it.
type ConnectionFunc func(c *Ctx, next func() error) error

// PacketFunc is a packet middleware (Egg's packetMiddleware): it sees every
// event a client sends to the namespace — c.Event(), c.Args() — before its
// handler, and can
//
//   - pass it on: return next() (code after next() runs after the handler);
//   - drop it: return nil without calling next();
//   - answer it: c.Ack(...) and return nil;
//   - refuse it: return an error, which is logged and, when the client
//     asked for an acknowledgement, answered as an error payload.
type PacketFunc func(c *Ctx, next func() error) error

// errRefused is the connect_error of a connection middleware that returned
// without calling next.
var errRefused = errors.New("connection refused")

// namedConn and namedPacket are registered middleware.
type namedConn struct {
	name string
	fn   ConnectionFunc
}

type namedPacket struct {
	name string
	fn   PacketFunc
}

// runChain runs fns as an onion around last; each fn's next runs the one
// after it. Calling next twice returns an error instead of running the
// rest again.
func runChain(c *Ctx, fns []func(*Ctx, func() error) error, last func() error) error {
	var step func(i int) error
	step = func(i int) error {
		if i == len(fns) {
			return last()
		}
		called := false
		return fns[i](c, func() error {
			if called {
				return fmt.Errorf("socketio: middleware %d called next() twice; call it once", i+1)
			}
			called = true
			return step(i + 1)
		})
	}
	return step(0)
}

// resolveNames maps a namespace's middleware names to functions, or names
// the missing ones and the fix.
func resolveNames[T any](nsp, kind string, names []string, known map[string]T) ([]T, error) {
	out := make([]T, 0, len(names))
	var missing []string
	for _, n := range names {
		fn, ok := known[n]
		if !ok {
			missing = append(missing, quote(n))
			continue
		}
		out = append(out, fn)
	}
	if len(missing) > 0 {
		have := make([]string, 0, len(known))
		for n := range known {
			have = append(have, quote(n))
		}
		sort.Strings(have)
		if len(have) == 0 {
			have = []string{"none"}
		}
		return nil, fmt.Errorf("socketio: namespace %q lists %s middleware %s, which is not registered (registered: %s); register it with Server.%sMiddleware(name, fn) or socketio.%sMiddleware(name, fn), or remove it from Config.Namespaces",
			nsp, strings.ToLower(kind), strings.Join(missing, ", "), strings.Join(have, ", "), kind, kind)
	}
	return out, nil
}
