package socketio

// Handler handles one routed event (an Egg socket.io controller action).
// A returned error is logged and, when the client asked for an
// acknowledgement the handler did not send, answered with ErrorPayload.
// A panic is recovered the same way; the connection carries on.
type Handler func(c *Ctx) error

// Handle makes a Handler from a typed function: the event's first argument
// is decoded into In (see Ctx.Bind; a bad one is answered as a client
// error, code "invalid_args"), and the result is sent as the
// acknowledgement when the client asked for one.
//
//	type JoinAck struct {
//		Room    string `json:"room"`
//		Members int    `json:"members"`
//	}
//
//	io.Of("/chat").Route("join", socketio.Handle(func(c *socketio.Ctx, room string) (JoinAck, error) {
//		c.Join(room)
//		n, err := c.Namespace().Members(c, room)
//		return JoinAck{room, n}, err
//	}))
func Handle[In, Out any](fn func(c *Ctx, in In) (Out, error)) Handler {
	return func(c *Ctx) error {
		var in In
		if err := c.Bind(0, &in); err != nil {
			return err
		}
		out, err := fn(c, in)
		if err != nil {
			return err
		}
		c.Ack(out)
		return nil
	}
}

// Receive makes a Handler from a typed function with no answer: the
// event's first argument is decoded into In, as in Handle. A client that
// asked for an acknowledgement gets one with no arguments on success.
func Receive[In any](fn func(c *Ctx, in In) error) Handler {
	return func(c *Ctx) error {
		var in In
		if err := c.Bind(0, &in); err != nil {
			return err
		}
		if err := fn(c, in); err != nil {
			return err
		}
		c.Ack()
		return nil
	}
}
