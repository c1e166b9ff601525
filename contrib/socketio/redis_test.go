package socketio_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/egg-go/egg/contrib/socketio/redisadapter"
	"github.com/egg-go/egg/eggtest"
	"github.com/redis/go-redis/v9"
	"go.uber.org/fx"
)

// redisURL is the Redis the tests use: REDIS_URL, default
// redis://127.0.0.1:6379. Without one answering the test is skipped, or
// fails under CI=true.
func redisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379"
	}
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("REDIS_URL=%q does not parse: %v", u, err)
	}
	host := p.Host
	if p.Port() == "" {
		host = net.JoinHostPort(p.Hostname(), "6379")
	}
	c, err := net.DialTimeout("tcp", host, 2*time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Redis at %s: %v; CI must provide one", host, err)
		}
		t.Skipf("no Redis at %s (%v); set REDIS_URL to run this test", host, err)
	}
	_ = c.Close()
	return u
}

// testKey is a channel prefix of this test's own, so tests (and parallel
// runs on the same Redis) do not hear each other.
func testKey(t *testing.T) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "egg-test-" + hex.EncodeToString(b)
}

// instance is one Go instance on the shared Redis.
type instance struct {
	app  *eggtest.App
	base string
	io   *socketio.Server
}

// instances starts n instances with the chat routes on one Redis and key.
func instances(t *testing.T, n int, key string, opts ...fx.Option) []instance {
	t.Helper()
	u := redisURL(t)
	out := make([]instance, n)
	for i := range out {
		all := append([]fx.Option{
			egg.Configure(func(c *socketio.Config) {
				c.RedisURL, c.RedisKey, c.RequestsTimeout = u, key, 2*time.Second
			}),
			fx.Invoke(chatRoutes),
		}, opts...)
		app, base, io := serve(t, all...)
		out[i] = instance{app, base, io}
	}
	return out
}

// TestTwoInstances: rooms span instances — members count both, a
// broadcast reaches the room on both and nobody else, in order, once.
func TestTwoInstances(t *testing.T) {
	ins := instances(t, 2, testKey(t))
	a := dial(t, ins[0].base, "/chat", nil)
	b := dial(t, ins[1].base, "/chat", nil)
	c := dial(t, ins[1].base, "/chat", nil)
	d := dial(t, ins[0].base, "/chat", nil)
	for _, x := range []*testClient{a, b, c, d} {
		x.connected()
	}
	if got := jsonOf(a.ack("join", "r")); got != `[{"members":1,"room":"r"}]` {
		t.Fatalf("join on a: %s", got)
	}
	if got := jsonOf(b.ack("join", "r")); got != `[{"members":2,"room":"r"}]` {
		t.Fatalf("join on b: %s", got)
	}
	c.ack("join", "other")
	for i := range 20 {
		a.emit("say", map[string]any{"room": "r", "text": "a" + itoa(i)})
	}
	b.emit("say", map[string]any{"room": "r", "text": "from b"})
	for _, x := range []*testClient{a, b} {
		var fromA []string
		fromB := 0
		for range 21 {
			m := x.next("said")[0].(map[string]any)
			switch m["from"] {
			case a.id:
				fromA = append(fromA, m["text"].(string))
			case b.id:
				fromB++
				if m["text"] != "from b" || m["room"] != "r" {
					t.Errorf("said %v", m)
				}
			}
		}
		for i, text := range fromA {
			if text != "a"+itoa(i) {
				t.Fatalf("a's messages out of order: %v", fromA)
			}
		}
		if len(fromA) != 20 || fromB != 1 {
			t.Fatalf("got %d from a, %d from b", len(fromA), fromB)
		}
		x.none("said", 200*time.Millisecond)
	}
	c.none("said", 100*time.Millisecond)
	d.none("said", 100*time.Millisecond)

	// the adapter's operations across instances
	nsp := ins[0].io.Of("/chat")
	rooms, err := nsp.AllRooms(context.Background())
	sort.Strings(rooms)
	if err != nil || !contains(rooms, "r") || !contains(rooms, "other") || !contains(rooms, b.id) {
		t.Errorf("AllRooms = %v, %v", rooms, err)
	}
	socks, err := nsp.FetchSockets(context.Background())
	if err != nil || len(socks) != 4 {
		t.Errorf("FetchSockets: %d sockets, %v", len(socks), err)
	}
	if err := nsp.To("r").SocketsJoin("joined"); err != nil {
		t.Fatal(err)
	}
	within(t, 2*time.Second, "remote join", func() bool { n, _ := nsp.Members(context.Background(), "joined"); return n == 2 })
}

// TestRemoteDisconnect: the seed's adapter.remoteDisconnect(id, close)
// disconnects a socket held by the other instance; an unknown id fails
// with a timeout, not a hang.
func TestRemoteDisconnect(t *testing.T) {
	ins := instances(t, 2, testKey(t))
	b := dial(t, ins[1].base, "/chat", nil)
	id := b.connected()
	start := time.Now()
	if err := ins[0].io.Of("/chat").RemoteDisconnect(context.Background(), id, true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.discs:
	case <-time.After(5 * time.Second):
		t.Fatal("the socket on the other instance was not disconnected")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
	err := ins[0].io.Of("/chat").RemoteDisconnect(context.Background(), "no-such-socket", false)
	if !errors.Is(err, redisadapter.ErrTimeout) {
		t.Errorf("unknown socket: %v, want a timeout", err)
	}
}

// TestServerSideEmit: an event to the other instances, with and without
// acknowledgements.
func TestServerSideEmit(t *testing.T) {
	got := make(chan []any, 4)
	ins := instances(t, 3, testKey(t))
	for i, in := range ins[1:] {
		name := "instance" + itoa(i+1)
		if err := in.io.Of("/chat").OnServerSideEmit("hello", func(args []any, ack func(any)) {
			got <- args
			if ack != nil {
				ack(name)
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	nsp := ins[0].io.Of("/chat")
	if err := nsp.ServerSideEmit("hello", "no ack", 1); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case a := <-got:
			if jsonOf(a) != `["no ack",1]` {
				t.Errorf("args %s", jsonOf(a))
			}
		case <-time.After(3 * time.Second):
			t.Fatal("serverSideEmit did not arrive")
		}
	}
	answers, err := nsp.ServerSideEmitWithAck(context.Background(), "hello", "ack me")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range answers {
		names = append(names, a.(string))
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "instance1,instance2" {
		t.Errorf("answers %v", answers)
	}
	<-got
	<-got
}

// TestBroadcastWithAckOncePerClient: a broadcast with acknowledgements
// across instances reaches each client once and collects one answer per
// client, also after a broadcast whose window closed before the answers
// came.
func TestBroadcastWithAckOncePerClient(t *testing.T) {
	ins := instances(t, 2, testKey(t))
	var clients []*testClient
	var received atomic.Int64
	var mu sync.Mutex
	perClient := map[string]int{}
	for i := range 6 {
		c := dial(t, ins[i%2].base, "/chat", nil)
		c.connected()
		c.ack("join", "acks")
		clients = append(clients, c)
		go func() { // answer every "question" with the socket id
			for {
				select {
				case e := <-c.events:
					if e.name == "question" {
						received.Add(1)
						mu.Lock()
						perClient[c.id]++
						mu.Unlock()
						e.args[len(e.args)-1].(func(...any))(c.id)
					}
				case <-c.done:
					return
				}
			}
		}()
	}
	nsp := ins[0].io.Of("/chat")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	answers, err := nsp.To("acks").EmitWithAck(ctx, "question", "who?")
	if err != nil {
		t.Fatal(err)
	}
	if len(answers) != 6 {
		t.Fatalf("%d answers, want 6: %v", len(answers), answers)
	}
	seen := map[any]bool{}
	for _, a := range answers {
		if seen[a] {
			t.Errorf("answer %v twice", a)
		}
		seen[a] = true
	}
	// a window shorter than the round trip: acknowledgements come too late
	// to count, but each client still gets the event once
	short, cancel2 := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel2()
	_, _ = nsp.To("acks").EmitWithAck(short, "question", "quick?")
	time.Sleep(500 * time.Millisecond)
	if n := received.Load(); n != 12 {
		t.Errorf("%d deliveries, want 12 (6 clients × 2 broadcasts)", n)
	}
	mu.Lock()
	defer mu.Unlock()
	for id, n := range perClient {
		if n != 2 {
			t.Errorf("client %s got the event %d times, want 2", id, n)
		}
	}
}

// TestRequestsTimeOutWhenAnInstanceIsGone: an instance that is subscribed
// but does not answer (frozen, or cut off) makes fetchSockets and
// serverSideEmit with ack fail within RequestsTimeout, with what the
// others answered.
func TestRequestsTimeOutWhenAnInstanceIsGone(t *testing.T) {
	key := testKey(t)
	ins := instances(t, 2, key, egg.Configure(func(c *socketio.Config) { c.RequestsTimeout = 500 * time.Millisecond }))
	a := dial(t, ins[0].base, "/chat", nil)
	b := dial(t, ins[1].base, "/chat", nil)
	a.connected()
	b.connected()
	a.ack("join", "r")
	b.ack("join", "r")
	// a third "instance" that subscribes like one and never answers
	opt, _ := redis.ParseURL(redisURL(t))
	rc := redis.NewClient(opt)
	defer rc.Close()
	ps := rc.Subscribe(context.Background(), key+"-request#/chat#")
	defer ps.Close()
	if _, err := ps.Receive(context.Background()); err != nil {
		t.Fatal(err)
	}
	nsp := ins[0].io.Of("/chat")
	start := time.Now()
	socks, err := nsp.To("r").FetchSockets(context.Background())
	took := time.Since(start)
	if !errors.Is(err, redisadapter.ErrTimeout) || len(socks) != 2 {
		t.Errorf("FetchSockets = %d sockets, %v; want the 2 that answered and a timeout", len(socks), err)
	}
	if took < 400*time.Millisecond || took > 2*time.Second {
		t.Errorf("took %s, want about RequestsTimeout", took)
	}
	if err != nil && !strings.Contains(err.Error(), "fetchSockets got 1 of 2 answers") {
		t.Errorf("error %q should say how many answered", err)
	}
	_, err = nsp.ServerSideEmitWithAck(context.Background(), "hello")
	if !errors.Is(err, redisadapter.ErrTimeout) {
		t.Errorf("ServerSideEmitWithAck: %v, want a timeout", err)
	}
	// the join still answers (the chat routes count what answered)
	if got := jsonOf(a.ack("join", "r")); !strings.Contains(got, `"error"`) && !strings.Contains(got, `"members"`) {
		t.Errorf("join: %s", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestOwnBroadcastWithAckNotRedelivered: an instance's own broadcast with
// acknowledgements, coming back from Redis after its window closed (a slow
// Redis, or a window shorter than the round trip), is not delivered to its
// clients a second time. @socket.io/redis-adapter skips its own request
// only while the request is pending, so its clients get such a broadcast
// twice; this adapter also skips its own uid.
func TestOwnBroadcastWithAckNotRedelivered(t *testing.T) {
	key := testKey(t)
	ins := instances(t, 1, key)
	c := dial(t, ins[0].base, "/chat", nil)
	c.connected()
	c.ack("join", "r")
	// watch the request channel for the broadcast request (as a pattern,
	// which PUBSUB NUMSUB does not count as an instance)
	opt, _ := redis.ParseURL(redisURL(t))
	rc := redis.NewClient(opt)
	defer rc.Close()
	ps := rc.PSubscribe(context.Background(), key+"-request#/chat#")
	defer ps.Close()
	if _, err := ps.Receive(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	go func() {
		e := <-c.events
		e.args[len(e.args)-1].(func(...any))("ok")
	}()
	if answers, err := ins[0].io.Of("/chat").To("r").EmitWithAck(ctx, "question"); err != nil || len(answers) != 1 {
		t.Fatalf("EmitWithAck = %v, %v", answers, err)
	}
	msg, err := ps.ReceiveMessage(context.Background())
	if err != nil || strings.HasPrefix(msg.Payload, "{") {
		t.Fatalf("the broadcast request: %v %q", err, msg.Payload)
	}
	time.Sleep(400 * time.Millisecond) // the window has closed
	if err := rc.Publish(context.Background(), key+"-request#/chat#", msg.Payload).Err(); err != nil {
		t.Fatal(err)
	}
	c.none("question", 400*time.Millisecond)
}
