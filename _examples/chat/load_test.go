package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/sync/errgroup"
)

// loadClient is one socket of the load test: a WebSocket speaking just
// enough Socket.IO for /chat (connect with a name, join with an ack, count
// "said").
type loadClient struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	acks chan string
	said sync.Map // room → *atomic.Int64
	got  atomic.Int64
	done chan struct{}
}

func (c *loadClient) send(s string) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteMessage(websocket.TextMessage, []byte(s))
}

func dialLoad(base, name string) (*loadClient, error) {
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/socket.io/?EIO=4&transport=websocket", nil)
	if err != nil {
		return nil, err
	}
	c := &loadClient{ws: ws, acks: make(chan string, 4), done: make(chan struct{})}
	if _, open, err := ws.ReadMessage(); err != nil || open[0] != '0' {
		_ = ws.Close()
		return nil, fmt.Errorf("engine open: %q %v", open, err)
	}
	auth, _ := json.Marshal(map[string]string{"name": name})
	if err := c.send("40/chat," + string(auth)); err != nil {
		_ = ws.Close()
		return nil, err
	}
	if _, b, err := ws.ReadMessage(); err != nil || !strings.HasPrefix(string(b), "40/chat,") {
		_ = ws.Close()
		return nil, fmt.Errorf("namespace connect: %q %v", b, err)
	}
	go c.read()
	return c, nil
}

func (c *loadClient) read() {
	defer close(c.done)
	for {
		_, b, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		msg := string(b)
		switch {
		case msg == "2":
			_ = c.send("3")
		case strings.HasPrefix(msg, "43/chat,"):
			c.acks <- strings.TrimLeft(msg[len("43/chat,"):], "0123456789")
		case strings.HasPrefix(msg, `42/chat,["said",`):
			var ev []json.RawMessage
			_ = json.Unmarshal([]byte(msg[len("42/chat,"):]), &ev)
			var said struct{ Room string }
			_ = json.Unmarshal(ev[1], &said)
			n, _ := c.said.LoadOrStore(said.Room, new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
			c.got.Add(1)
		}
	}
}

func (c *loadClient) join(room string) (string, error) {
	if err := c.send(`42/chat,1["join","` + room + `"]`); err != nil {
		return "", err
	}
	select {
	case a := <-c.acks:
		return a, nil
	case <-time.After(10 * time.Second):
		return "", fmt.Errorf("no join acknowledgement")
	}
}

func (c *loadClient) close() {
	_ = c.ws.Close()
	<-c.done
}

// instanceProc is one chat process of the load test.
type instanceProc struct {
	cmd  *exec.Cmd
	base string
}

func startInstance(t *testing.T, bin string, env ...string) *instanceProc {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	cmd := exec.Command(bin, "--port", strconv.Itoa(port))
	cmd.Env = append(os.Environ(), append([]string{"EGG_SERVER_ENV=prod", "EGG_KEYS=load-test-keys-not-secret-0123456789", "EGG_LOG=warn", "EGG_ALLOWED_HOSTS=127.0.0.1"}, env...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &instanceProc{cmd: cmd, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	for i := 0; ; i++ {
		if res, err := http.Get(p.base + "/stats"); err == nil {
			res.Body.Close()
			break
		}
		if i > 200 {
			t.Fatalf("instance on %s did not answer", p.base)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return p
}

// rss is the process's resident memory in bytes (Linux).
func (p *instanceProc) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// TestLoad: 1,000 concurrent clients across two instances on one Redis,
// ten rooms of 100 (half on each instance). One message per room reaches
// each member exactly once and nobody else; joins count the room on both
// instances. It logs the instances' resident memory per connection.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped with -short")
	}
	u := redisURL(t)
	if u == "" {
		t.Skip("no Redis: the load test needs two instances on one")
	}
	bin := buildChat(t)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	env := []string{"REDIS_URL=" + u, "SOCKETIO_REDIS_KEY=load-" + hex.EncodeToString(b)}
	ins := []*instanceProc{startInstance(t, bin, env...), startInstance(t, bin, env...)}
	before := []int64{ins[0].rss(), ins[1].rss()}

	const clients, rooms = 1000, 10
	// client i is on instance i%2, in room (i/2)%10: 50 of each room's
	// 100 members on each instance
	roomOf := func(i int) string { return "room-" + strconv.Itoa(i/2%rooms) }
	cs := make([]*loadClient, clients)
	var g errgroup.Group
	g.SetLimit(50)
	for i := range cs {
		g.Go(func() error {
			c, err := dialLoad(ins[i%2].base, "user"+strconv.Itoa(i))
			if err != nil {
				return fmt.Errorf("client %d: %w", i, err)
			}
			cs[i] = c
			_, err = c.join(roomOf(i))
			return err
		})
	}
	err := g.Wait()
	defer func() {
		for _, c := range cs {
			if c != nil {
				c.close()
			}
		}
	}()
	if err != nil {
		t.Fatal(err)
	}
	after := []int64{ins[0].rss(), ins[1].rss()}
	members := map[string]int{}
	for i := range cs {
		members[roomOf(i)]++
	}
	// every room has members on both instances; a second join counts them all
	for r, n := range members {
		var first = -1
		for i := range cs {
			if roomOf(i) == r {
				first = i
				break
			}
		}
		ack, err := cs[first].join(r)
		if err != nil || ack != `[{"room":"`+r+`","members":`+strconv.Itoa(n)+`}]` {
			t.Fatalf("join %s: %s %v, want %d members", r, ack, err, n)
		}
	}
	// one message per room, sent by a member on either instance
	sent := 0
	for r := range members {
		for i := range cs {
			if roomOf(i) == r {
				if err := cs[i].send(`42/chat,["say",{"room":"` + r + `","text":"hello ` + r + `"}]`); err != nil {
					t.Fatal(err)
				}
				sent++
				break
			}
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	total := func() (n int64) {
		for _, c := range cs {
			n += c.got.Load()
		}
		return n
	}
	for total() < clients && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // any extra delivery would show now
	if got := total(); got != clients {
		t.Fatalf("%d deliveries of %d messages, want exactly %d (one per member)", got, sent, clients)
	}
	for i, c := range cs {
		n, ok := c.said.Load(roomOf(i))
		if !ok || n.(*atomic.Int64).Load() != 1 || c.got.Load() != 1 {
			t.Fatalf("client %d got %d messages, want its room's once", i, c.got.Load())
		}
	}
	for k := range ins {
		per := (after[k] - before[k]) / (clients / 2)
		t.Logf("instance %d: RSS %d MiB → %d MiB with %d connections: %.1f KiB per connection", k,
			before[k]>>20, after[k]>>20, clients/2, float64(per)/1024)
	}
}
