package app

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
)

// Chat is the controller of the /chat namespace.
type Chat struct{}

// NewChat returns the controller.
func NewChat() *Chat { return &Chat{} }

// JoinAck answers "join" and "leave".
type JoinAck struct {
	Room    string `json:"room"`
	Members int    `json:"members"`
}

// Message is what "say" takes.
type Message struct {
	Room string `json:"room"`
	Text string `json:"text"`
}

// Said is what the room receives.
type Said struct {
	Room string `json:"room"`
	Text string `json:"text"`
	From string `json:"from"`
}

func checkRoom(room string) error {
	if strings.TrimSpace(room) == "" || len(room) > 128 {
		return egg.NewError(http.StatusBadRequest, "invalid_room", "a room is a name of 1-128 bytes")
	}
	return nil
}

// Join puts the socket in the room and answers with the room's size on
// every instance.
func (*Chat) Join(c *socketio.Ctx, room string) (JoinAck, error) {
	if err := checkRoom(room); err != nil {
		return JoinAck{}, err
	}
	c.Join(room)
	return JoinAck{Room: room, Members: members(c, room)}, nil
}

// Leave takes the socket out of the room.
func (*Chat) Leave(c *socketio.Ctx, room string) (JoinAck, error) {
	if err := checkRoom(room); err != nil {
		return JoinAck{}, err
	}
	c.Leave(room)
	return JoinAck{Room: room, Members: members(c, room)}, nil
}

// members counts the room on every instance. An instance that does not
// answer within SOCKETIO_REQUESTS_TIMEOUT (frozen, or cut off) is left
// out of the count, with a warning, rather than failing the join.
func members(c *socketio.Ctx, room string) int {
	n, err := c.Namespace().Members(c, room)
	if err != nil {
		c.Logger().Warn("room counted without every instance", "room", room, "err", err)
	}
	return n
}

// Say sends "said" to every socket in the room, on every instance.
func (*Chat) Say(c *socketio.Ctx, m Message) error {
	if err := checkRoom(m.Room); err != nil {
		return err
	}
	if len(m.Text) > 4096 {
		return egg.NewError(http.StatusBadRequest, "text_too_long", "text is limited to 4096 bytes")
	}
	return c.Namespace().To(m.Room).Emit("said", Said{Room: m.Room, Text: m.Text, From: Name(c)})
}

// WhoAmI answers {id, name}.
func (*Chat) WhoAmI(c *socketio.Ctx) error {
	c.Ack(map[string]any{"id": c.ID(), "name": Name(c)})
	return nil
}

// Probe asks the client a question ("probe" with the same arguments,
// with an acknowledgement) and answers with what the client answered:
// an acknowledgement from the server to the client inside one from the
// client to the server.
func (*Chat) Probe(c *socketio.Ctx) error {
	ctx, cancel := context.WithTimeout(c, 2*time.Second)
	defer cancel()
	answer, err := c.EmitWithAck(ctx, "probe", c.Args()...)
	if err != nil {
		return egg.NewError(http.StatusRequestTimeout, "no_answer", "the client did not answer the probe in time").Wrap(err)
	}
	c.Ack(map[string]any{"answer": answer})
	return nil
}
