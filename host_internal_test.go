package egg

import (
	"context"
	"net"
	"strings"
	"testing"
)

func TestDisplayAddr(t *testing.T) {
	tests := []struct{ addr, host, want string }{
		{"[::]:7001", "", "0.0.0.0:7001"},
		{"[::]:7001", "0.0.0.0", "0.0.0.0:7001"},
		{"0.0.0.0:7001", "0.0.0.0", "0.0.0.0:7001"},
		{"[::]:7001", "::", "[::]:7001"}, // asked for IPv6: shown as such
		{"127.0.0.1:7001", "127.0.0.1", "127.0.0.1:7001"},
		{"[::1]:7001", "::1", "[::1]:7001"},
		{"not an address", "", "not an address"},
	}
	for _, tt := range tests {
		if got := displayAddr(tt.addr, tt.host); got != tt.want {
			t.Errorf("displayAddr(%q, %q) = %q, want %q", tt.addr, tt.host, got, tt.want)
		}
	}
}

// Issue 8 #10: a server on all interfaces logs http://0.0.0.0:PORT.
func TestStartedLineOnAllInterfaces(t *testing.T) {
	if ln, err := net.Listen("tcp", ":0"); err != nil {
		t.Skip("cannot listen on all interfaces here:", err)
	} else {
		ln.Close()
	}
	logs := &syncBuffer{}
	app, err := New(BaseDir(t.TempDir()), Env("unittest"), WithServer(), LogOutput(logs),
		Configure(func(c *LoggerConfig) { c.Level = "info" }),
		Configure(func(c *ServerConfig) { c.Host, c.Port = "", 0 }))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	_, port, _ := net.SplitHostPort(app.Addr())
	if !strings.Contains(logs.String(), "egg started on http://0.0.0.0:"+port+" (") || strings.Contains(logs.String(), "[::]") {
		t.Errorf("started line:\n%s", logs.String())
	}
}
