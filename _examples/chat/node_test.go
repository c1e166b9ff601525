package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// nodeDir holds the Node suite: npm socket.io-client 4.8 driving the
// binary of this example (package.json and package-lock.json committed).
const nodeDir = "testdata/nodetest"

// needTool finds a command, skipping the test without it (failing it
// under CI=true, where the machine must have it).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; CI must provide it (.ci/run installs it)", name)
		}
		t.Skipf("%s is not installed; install Node 20+ and npm to run the Node suite", name)
	}
	return p
}

// buildChat builds this example's binary into a temp dir.
func buildChat(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chat")
	run(t, ".", 3*time.Minute, nil, "go", "build", "-o", bin, ".")
	return bin
}

// npmCI installs the suite's locked dependencies.
func npmCI(t *testing.T, dir string) {
	t.Helper()
	run(t, dir, 5*time.Minute, nil, needTool(t, "npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error")
}

// run runs a command in dir and fails the test with its output.
func run(t *testing.T, dir string, timeout time.Duration, env []string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if testing.Verbose() || err != nil {
		t.Logf("%s %v:\n%s", name, args, out.String())
	}
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
}

// TestNodeSuite runs the Node suite (node --test) against the binary: auth
// refusal, join acknowledgements, room isolation, acknowledgements both
// ways, middleware order, the code after next() on disconnect, every
// transport, reconnects after a kill and a stop, and — with Redis — two
// instances (one SIGKILLed mid-broadcast, one frozen with SIGSTOP). Each
// Node test has a 2-minute limit, the whole suite 5 minutes, so a hang
// fails the test instead of holding go test to its own timeout.
func TestNodeSuite(t *testing.T) {
	node := needTool(t, "node")
	npmCI(t, nodeDir)
	bin := buildChat(t)
	env := []string{"CHAT_BIN=" + bin}
	if u := redisURL(t); u != "" {
		env = append(env, "TEST_REDIS_URL="+u)
	}
	args := []string{"--test", "--test-reporter=spec", "--test-timeout=120000", "test/"}
	run(t, nodeDir, 5*time.Minute, env, node, args...)
}
