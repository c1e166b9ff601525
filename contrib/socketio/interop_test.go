package socketio_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"github.com/redis/go-redis/v9"
	"go.uber.org/fx"
)

// interopDir holds the Node server: socket.io 4.8 on @socket.io/redis-adapter
// 8.3 (package.json and package-lock.json committed).
const interopDir = "testdata/interop"

// needTool finds a command, skipping the test without it (failing it
// under CI=true, where the machine must have it).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; CI must provide it (.ci/run installs it)", name)
		}
		t.Skipf("%s is not installed; install Node 20+ and npm to run the interop test", name)
	}
	return p
}

// nodeServer installs and starts the Node server on a free port, sharing
// Redis u under key, and stops it when the test ends.
func nodeServer(t *testing.T, u, key string) string {
	t.Helper()
	node := needTool(t, "node")
	npm := needTool(t, "npm")
	ci := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	ci.Dir = interopDir
	if out, err := ci.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", interopDir, err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	cmd := exec.Command(node, "server.mjs")
	cmd.Dir = interopDir
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "REDIS_URL="+u, "KEY="+key)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "ready" {
				close(ready)
			}
		}
	}()
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	select {
	case <-ready:
	case <-exited:
		t.Fatal("the Node server exited before it was ready")
	case <-time.After(30 * time.Second):
		t.Fatal("the Node server was not ready within 30s")
	}
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}

// TestInteropWithNode: a Go instance and a Node socket.io server with
// @socket.io/redis-adapter on one Redis share rooms: broadcasts both ways,
// members and fetchSockets across both, serverSideEmit with
// acknowledgements both ways, broadcasts with acknowledgements both ways,
// and remoteDisconnect of a Node socket from Go.
func TestInteropWithNode(t *testing.T) {
	u := redisURL(t)
	key := testKey(t)
	nodeBase := nodeServer(t, u, key)
	_, goBase, io := serve(t,
		egg.Configure(func(c *socketio.Config) { c.RedisURL, c.RedisKey, c.RequestsTimeout = u, key, 2*time.Second }),
		socketio.ConnectionMiddleware("data", func(c *socketio.Ctx, next func() error) error {
			c.SetData(map[string]any{"server": "go"})
			return next()
		}),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/chat").ConnectionMiddleware = []string{"data"} }),
		fx.Invoke(chatRoutes))
	nsp := io.Of("/chat")
	if err := nsp.OnServerSideEmit("hello", func(args []any, ack func(any)) {
		if ack != nil {
			ack(fmt.Sprint("go says hi to ", args[0]))
		}
	}); err != nil {
		t.Fatal(err)
	}
	// both servers subscribed
	opt, _ := redis.ParseURL(u)
	rc := redis.NewClient(opt)
	defer rc.Close()
	within(t, 10*time.Second, "both instances on the request channel", func() bool {
		n, _ := rc.PubSubNumSub(context.Background(), key+"-request#/chat#").Result()
		return n[key+"-request#/chat#"] == 2
	})

	g1 := dial(t, goBase, "/chat", nil)
	g2 := dial(t, goBase, "/chat", nil)
	n1 := dial(t, nodeBase, "/chat", nil)
	n2 := dial(t, nodeBase, "/chat", nil)
	for _, c := range []*testClient{g1, g2, n1, n2} {
		c.connected()
	}
	if got := jsonOf(n1.ack("join", "r")); got != `[{"members":1,"room":"r"}]` {
		t.Fatalf("node join %s", got)
	}
	if got := jsonOf(g1.ack("join", "r")); got != `[{"members":2,"room":"r"}]` {
		t.Fatalf("go join counts the node socket: %s", got)
	}
	if got := jsonOf(n2.ack("join", "other")); got != `[{"members":1,"room":"other"}]` {
		t.Fatalf("node join %s", got)
	}

	t.Run("room broadcasts both ways", func(t *testing.T) {
		n1.emit("say", map[string]any{"room": "r", "text": "from node"})
		g1.emit("say", map[string]any{"room": "r", "text": "from go"})
		for _, c := range []*testClient{g1, n1} {
			var texts []string
			for range 2 {
				texts = append(texts, c.next("said")[0].(map[string]any)["text"].(string))
			}
			sort.Strings(texts)
			if strings.Join(texts, ",") != "from go,from node" {
				t.Errorf("%s got %v", c.id, texts)
			}
			c.none("said", 200*time.Millisecond)
		}
		g2.none("said", 100*time.Millisecond)
		n2.none("said", 100*time.Millisecond)
	})

	t.Run("fetchSockets both ways", func(t *testing.T) {
		socks, err := nsp.To("r").FetchSockets(context.Background())
		if err != nil || len(socks) != 2 {
			t.Fatalf("Go fetchSockets: %d, %v", len(socks), err)
		}
		var found bool
		for _, s := range socks {
			if string(s.Id()) == n1.id {
				found = s.Rooms().Has("r") && jsonOf(s.Data()) == `{"server":"node"}`
			}
		}
		if !found {
			t.Errorf("the node socket is missing or lacks its rooms and data: %v", socks)
		}
		got := n2.ack("fetch", "r")
		list, _ := got[0].([]any)
		var ids []string
		for _, s := range list {
			m := s.(map[string]any)
			ids = append(ids, m["id"].(string))
			if m["id"] == g1.id && jsonOf(m["data"]) != `{"server":"go"}` {
				t.Errorf("node sees the go socket as %v", m)
			}
		}
		sort.Strings(ids)
		want := []string{g1.id, n1.id}
		sort.Strings(want)
		if strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Errorf("node fetchSockets: %v, want %v", ids, want)
		}
	})

	t.Run("serverSideEmit with acknowledgements both ways", func(t *testing.T) {
		answers, err := nsp.ServerSideEmitWithAck(context.Background(), "hello", "go")
		if err != nil || jsonOf(answers) != `["node says hi to go"]` {
			t.Errorf("Go → Node: %v, %v", answers, err)
		}
		if got := jsonOf(n1.ack("ask-servers")); got != `[["go says hi to from node"]]` {
			t.Errorf("Node → Go: %s", got)
		}
	})

	t.Run("broadcast with acknowledgements both ways", func(t *testing.T) {
		answer := func(c *testClient, stop chan struct{}) {
			for {
				select {
				case e := <-c.events:
					if e.name == "question" {
						e.args[len(e.args)-1].(func(...any))(c.id)
					}
				case <-stop:
					return
				}
			}
		}
		stop := make(chan struct{})
		defer close(stop)
		go answer(g1, stop)
		go answer(n1, stop)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		answers, err := nsp.To("r").EmitWithAck(ctx, "question", "from go")
		sort.Slice(answers, func(i, j int) bool { return fmt.Sprint(answers[i]) < fmt.Sprint(answers[j]) })
		want := []string{g1.id, n1.id}
		sort.Strings(want)
		if err != nil || jsonOf(answers) != jsonOf(want) {
			t.Errorf("Go → both: %v, %v; want %v", answers, err, want)
		}
		got, _ := n2.ack("ask-room", "r")[0].([]any)
		sort.Slice(got, func(i, j int) bool { return fmt.Sprint(got[i]) < fmt.Sprint(got[j]) })
		if jsonOf(got) != jsonOf(want) {
			t.Errorf("Node → both: %v, want %v", got, want)
		}
	})

	t.Run("remoteDisconnect of a node socket", func(t *testing.T) {
		if err := nsp.RemoteDisconnect(context.Background(), n2.id, false); err != nil {
			t.Fatal(err)
		}
		select {
		case <-n2.discs:
		case <-time.After(3 * time.Second):
			t.Fatal("the node socket was not disconnected")
		}
	})
}
