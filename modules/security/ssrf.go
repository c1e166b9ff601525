package security

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
)

// ErrSSRFRefused is matched (errors.Is) by every error an SSRFGuard
// returns for an address it refuses.
var ErrSSRFRefused = errors.New("security: SSRF guard refused the address")

// SSRFError reports an address an SSRFGuard refused: the address, the
// blocked range it falls in and why that range is blocked. It matches
// ErrSSRFRefused. An outbound HTTP call returns it wrapped in *url.Error
// and *net.OpError, so use errors.As or errors.Is.
type SSRFError struct {
	Addr   netip.Addr   // the address that was about to be dialed
	Range  netip.Prefix // the blocked range it is in; invalid for a non-IP address
	Reason string       // what the range is, e.g. "loopback"
}

// Error names the address, the range and the fix.
func (e *SSRFError) Error() string {
	if !e.Range.IsValid() {
		return "security: SSRF guard refused to dial " + e.Reason + "; only IP addresses can be checked"
	}
	return fmt.Sprintf("security: SSRF guard refused %s (%s, %s): outbound calls to internal addresses are blocked; "+
		"if this call is intended, add the address to the guard's allow list (httpclient: HTTPCLIENT_SSRF_ALLOW=%s)",
		e.Addr, e.Reason, e.Range, netip.PrefixFrom(e.Addr, e.Addr.BitLen()))
}

// Is makes errors.Is(err, ErrSSRFRefused) true.
func (e *SSRFError) Is(target error) bool { return target == ErrSSRFRefused }

// ssrfRange is one blocked range and the reason given for it.
type ssrfRange struct {
	p      netip.Prefix
	reason string
}

// ssrfMetadata are single cloud metadata addresses. Each is inside a wider
// blocked range too; they are listed first so the error names them.
var ssrfMetadata = []ssrfRange{
	{netip.MustParsePrefix("169.254.169.254/32"), "cloud metadata service (AWS, GCP, Azure, OpenStack, ...)"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata service (AWS IPv6)"},
	{netip.MustParsePrefix("100.100.100.200/32"), "cloud metadata service (Alibaba Cloud)"},
	{netip.MustParsePrefix("192.0.0.192/32"), "cloud metadata service (Oracle Cloud)"},
}

// ssrfBlocked are the ranges that are not the public internet: IANA's
// special-purpose registries (RFC 6890 and later) minus the few entries
// that are globally reachable unicast. IPv4-mapped and IPv4-translated
// (NAT64) IPv6 addresses are checked as the IPv4 address they carry.
var ssrfBlocked = []ssrfRange{
	// IPv4
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified / \"this network\""},
	{netip.MustParsePrefix("10.0.0.0/8"), "private network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT shared space"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private network"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation (TEST-NET-1)"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private network"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation (TEST-NET-2)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation (TEST-NET-3)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved and broadcast"},
	// IPv6
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible (deprecated)"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use IPv4/IPv6 translation"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001::/23"), "IETF protocol assignments (Teredo, benchmarking, ORCHID)"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4 (carries an IPv4 address)"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("5f00::/16"), "segment routing (SRv6) SIDs"},
	{netip.MustParsePrefix("fc00::/7"), "unique local (private network)"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local (deprecated)"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// nat64 is the well-known NAT64 prefix: a gateway turns 64:ff9b::a.b.c.d
// into the IPv4 address a.b.c.d, so that address is what gets checked.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// SSRFGuard refuses outbound connections to addresses that are not on the
// public internet: private networks, loopback, link-local, carrier-grade
// NAT, unspecified, multicast, documentation and other reserved ranges,
// cloud metadata services (169.254.169.254, fd00:ec2::254, ...), and the
// same addresses spelled as IPv4-mapped, IPv4-compatible or NAT64 IPv6.
// Addresses in its allow list pass even when in a blocked range.
//
// Its Control method goes in a net.Dialer, so the check runs at dial time
// on the address actually being connected to, after DNS resolution: a host
// name that resolves (or re-resolves, as in DNS rebinding) to an internal
// address is refused. An SSRFGuard is immutable and safe for concurrent
// use.
type SSRFGuard struct {
	allow []netip.Prefix
}

// NewSSRFGuard returns a guard that lets the allow prefixes through
// (e.g. netip.MustParsePrefix("10.1.2.0/24") for an internal service).
// IPv4-mapped IPv6 prefixes are taken as the IPv4 prefix they carry.
// Invalid prefixes are ignored; parse user input with ParseSSRFAllowList.
func NewSSRFGuard(allow ...netip.Prefix) *SSRFGuard {
	g := &SSRFGuard{}
	for _, p := range allow {
		if !p.IsValid() {
			continue
		}
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		g.allow = append(g.allow, p.Masked())
	}
	return g
}

// ParseSSRFAllowList parses allow list entries, each an IP address
// ("10.1.2.3", "fd00::1") or a CIDR prefix ("10.1.2.0/24"), for
// NewSSRFGuard. The error names the first bad entry.
func ParseSSRFAllowList(entries []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(entries))
	for _, e := range entries {
		s := strings.TrimSpace(e)
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("security: SSRF allow list entry %q is not a CIDR prefix (%v); write it like 10.1.2.0/24", e, err)
			}
			out = append(out, p)
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("security: SSRF allow list entry %q is not an IP address or CIDR prefix; write 10.1.2.3 or 10.1.2.0/24 (host names are not checked here)", e)
		}
		out = append(out, netip.PrefixFrom(a.WithZone(""), a.BitLen()))
	}
	return out, nil
}

// Allow returns the guard's allow list, as normalized by NewSSRFGuard.
func (g *SSRFGuard) Allow() []netip.Prefix { return append([]netip.Prefix(nil), g.allow...) }

// Check returns nil when addr may be dialed, or an *SSRFError naming the
// blocked range it falls in.
func (g *SSRFGuard) Check(addr netip.Addr) error {
	if e := g.check(addr); e != nil {
		return e
	}
	return nil
}

func (g *SSRFGuard) check(addr netip.Addr) *SSRFError {
	if !addr.IsValid() {
		return &SSRFError{Reason: "an invalid address"}
	}
	addr = addr.WithZone("").Unmap()
	for _, p := range g.allow {
		if p.Contains(addr) {
			return nil
		}
	}
	if addr.Is6() && nat64.Contains(addr) {
		b := addr.As16()
		if e := g.check(netip.AddrFrom4([4]byte(b[12:]))); e != nil {
			return &SSRFError{Addr: addr, Range: nat64, Reason: "NAT64 of " + e.Addr.String() + ", " + e.Reason}
		}
		return nil
	}
	for _, list := range [][]ssrfRange{ssrfMetadata, ssrfBlocked} {
		for _, r := range list {
			if r.p.Contains(addr) {
				return &SSRFError{Addr: addr, Range: r.p, Reason: r.reason}
			}
		}
	}
	return nil
}

// Control checks the address a net.Dialer is about to connect to; use it
// as net.Dialer.Control:
//
//	d := &net.Dialer{Timeout: 5 * time.Second, Control: guard.Control}
//
// address is the resolved "ip:port"; anything that is not an IP address
// (a Unix socket path, say) is refused too.
func (g *SSRFGuard) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &SSRFError{Reason: fmt.Sprintf("%s address %q", network, address)}
	}
	return g.Check(ap.Addr())
}
