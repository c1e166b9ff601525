package security

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestSSRFGuardCheck(t *testing.T) {
	g := NewSSRFGuard()
	tests := []struct {
		addr   string
		reason string // "" = allowed
	}{
		{"127.0.0.1", "loopback"},
		{"127.1.2.3", "loopback"},
		{"10.0.0.1", "private network"},
		{"10.255.255.255", "private network"},
		{"172.16.0.1", "private network"},
		{"172.31.255.255", "private network"},
		{"192.168.1.1", "private network"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.254", "carrier-grade NAT"},
		{"169.254.169.254", "cloud metadata"},
		{"169.254.1.1", "link-local"},
		{"100.100.100.200", "cloud metadata service (Alibaba"},
		{"192.0.0.192", "cloud metadata service (Oracle"},
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "unspecified"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"255.255.255.255", "broadcast"},
		{"240.0.0.1", "reserved"},
		{"192.0.2.10", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"::", "unspecified"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:10.0.0.1", "private network"},
		{"::ffff:169.254.169.254", "cloud metadata"},
		{"::127.0.0.1", "IPv4-compatible"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"fc00::1", "unique local"},
		{"fd12:3456::1", "unique local"},
		{"fd00:ec2::254", "cloud metadata service (AWS IPv6)"},
		{"ff02::1", "multicast"},
		{"2001:db8::1", "documentation"},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"},
		{"2002:7f00:1::", "6to4"},
		{"64:ff9b::a00:1", "NAT64 of 10.0.0.1, private network"},
		{"64:ff9b::7f00:1", "NAT64 of 127.0.0.1, loopback"},
		{"64:ff9b:1::1", "translation"},
		{"fec0::1", "site-local"},
		// public addresses pass
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"93.184.215.14", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"169.255.0.1", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""}, // NAT64 of 8.8.8.8
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:80b::200e", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := g.Check(netip.MustParseAddr(tt.addr))
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Check(%s) = %v, want allowed", tt.addr, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check(%s) = nil, want refused (%s)", tt.addr, tt.reason)
			}
			if !errors.Is(err, ErrSSRFRefused) {
				t.Errorf("errors.Is(%v, ErrSSRFRefused) = false", err)
			}
			var se *SSRFError
			if !errors.As(err, &se) || !strings.Contains(se.Reason, tt.reason) {
				t.Errorf("Check(%s) = %v, want reason containing %q", tt.addr, err, tt.reason)
			}
		})
	}
}

func TestSSRFGuardInvalidAddr(t *testing.T) {
	if err := NewSSRFGuard().Check(netip.Addr{}); !errors.Is(err, ErrSSRFRefused) {
		t.Fatalf("Check(zero Addr) = %v, want refused", err)
	}
}

func TestSSRFGuardAllowList(t *testing.T) {
	g := NewSSRFGuard(
		netip.MustParsePrefix("10.1.2.0/24"),
		netip.MustParsePrefix("::ffff:192.168.7.0/120"), // IPv4-mapped: taken as 192.168.7.0/24
		netip.MustParsePrefix("fd00::1/128"),
		netip.Prefix{}, // ignored
	)
	for addr, allowed := range map[string]bool{
		"10.1.2.3":          true,
		"::ffff:10.1.2.200": true,
		"10.1.3.1":          false,
		"10.0.0.1":          false,
		"192.168.7.9":       true,
		"192.168.8.9":       false,
		"fd00::1":           true,
		"fd00::2":           false,
		"127.0.0.1":         false,
		"8.8.8.8":           true,
	} {
		err := g.Check(netip.MustParseAddr(addr))
		if (err == nil) != allowed {
			t.Errorf("Check(%s) = %v, want allowed=%v", addr, err, allowed)
		}
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.1.2.0/24"), netip.MustParsePrefix("192.168.7.0/24"), netip.MustParsePrefix("fd00::1/128")}
	got := g.Allow()
	if len(got) != len(want) {
		t.Fatalf("Allow() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Allow()[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestSSRFGuardControl(t *testing.T) {
	g := NewSSRFGuard()
	for _, tt := range []struct {
		network, address string
		refused          bool
	}{
		{"tcp4", "127.0.0.1:80", true},
		{"tcp4", "10.0.0.7:443", true},
		{"tcp4", "169.254.169.254:80", true},
		{"tcp6", "[::ffff:169.254.169.254]:80", true},
		{"tcp6", "[fe80::1%eth0]:443", true},
		{"tcp6", "[::1]:8080", true},
		{"unix", "/var/run/docker.sock", true},
		{"tcp", "example.com:80", true}, // not resolved: Control only ever sees IPs from net.Dialer
		{"tcp4", "93.184.215.14:443", false},
		{"tcp6", "[2606:4700:4700::1111]:443", false},
	} {
		err := g.Control(tt.network, tt.address, nil)
		if (err != nil) != tt.refused {
			t.Errorf("Control(%s, %s) = %v, want refused=%v", tt.network, tt.address, err, tt.refused)
		}
		if err != nil && !errors.Is(err, ErrSSRFRefused) {
			t.Errorf("Control(%s, %s) = %v, does not match ErrSSRFRefused", tt.network, tt.address, err)
		}
	}
}

// A real dial through net.Dialer: the guard sees the resolved address, so
// a host name that resolves to loopback is refused like the literal.
func TestSSRFGuardDial(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	guarded := &net.Dialer{Control: NewSSRFGuard().Control}
	for _, host := range []string{"127.0.0.1", "localhost"} {
		conn, err := guarded.DialContext(t.Context(), "tcp", net.JoinHostPort(host, port))
		if err == nil {
			conn.Close()
			t.Fatalf("dial %s: connected, want the SSRF guard to refuse", host)
		}
		var se *SSRFError
		if !errors.As(err, &se) || !se.Addr.IsLoopback() {
			t.Fatalf("dial %s: %v, want an *SSRFError for a loopback address", host, err)
		}
	}

	allowed := &net.Dialer{Control: NewSSRFGuard(netip.MustParsePrefix("127.0.0.1/32")).Control}
	conn, err := allowed.DialContext(t.Context(), "tcp4", net.JoinHostPort("localhost", port))
	if err != nil {
		t.Fatalf("dial with 127.0.0.1/32 allowed: %v", err)
	}
	conn.Close()
}

func TestSSRFErrorMessage(t *testing.T) {
	err := NewSSRFGuard().Check(netip.MustParseAddr("10.2.3.4"))
	msg := err.Error()
	for _, want := range []string{"10.2.3.4", "10.0.0.0/8", "private network", "allow list", "HTTPCLIENT_SSRF_ALLOW=10.2.3.4/32"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not contain %q", msg, want)
		}
	}
	msg = NewSSRFGuard().Control("unix", "/tmp/x.sock", nil).Error()
	if !strings.Contains(msg, `unix address "/tmp/x.sock"`) || !strings.Contains(msg, "only IP addresses") {
		t.Errorf("non-IP message = %q", msg)
	}
}

func TestParseSSRFAllowList(t *testing.T) {
	got, err := ParseSSRFAllowList([]string{"10.1.2.3", " 10.9.0.0/16 ", "fd00::5", "fe80::1%eth0"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.1.2.3/32", "10.9.0.0/16", "fd00::5/128", "fe80::1/128"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("entry %d = %v, want %s", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"internal.example.com", "10.0.0.0/33", "10.0.0.300", ""} {
		_, err := ParseSSRFAllowList([]string{bad})
		if err == nil || !strings.Contains(err.Error(), "SSRF allow list entry") {
			t.Errorf("ParseSSRFAllowList(%q) = %v, want an error naming the entry", bad, err)
		}
	}
}

// The guard gives the same answer for an IPv4 address and its IPv4-mapped
// IPv6 form, never panics, and never lets a loopback, private or
// link-local address through.
func FuzzSSRFGuard(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "10.0.0.1", "169.254.169.254", "8.8.8.8", "::1", "::ffff:10.0.0.1",
		"64:ff9b::a00:1", "fe80::1%eth0", "fd00:ec2::254", "2606:4700:4700::1111", "[::1]:80", "not an ip", ""} {
		f.Add(s)
	}
	g := NewSSRFGuard()
	f.Fuzz(func(t *testing.T, s string) {
		_ = g.Control("tcp", s, nil)
		a, err := netip.ParseAddr(s)
		if err != nil {
			return
		}
		refused := g.Check(a) != nil
		u := a.WithZone("").Unmap()
		if u.IsLoopback() || u.IsPrivate() || u.IsLinkLocalUnicast() || u.IsUnspecified() || u.IsMulticast() {
			if !refused {
				t.Fatalf("Check(%s) allowed an internal address", a)
			}
		}
		if u.Is4() {
			mapped := netip.AddrFrom16(u.As16())
			if (g.Check(mapped) != nil) != refused {
				t.Fatalf("Check(%s) and Check(%s) disagree", a, mapped)
			}
		}
	})
}
