// Package skeleton is the shape of an egg contrib module that talks to a
// service: copy it to contrib/<name>, rename "skeleton" and SKELETON_, and
// put the real client where the TCP connection is.
//
//	egg.Run(skeleton.Module, app.Module) // SKELETON_ADDR=db.internal:7777
//
// Then inject *skeleton.Client anywhere in the app.
package skeleton

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name: the prefix of its environment variables
// (SKELETON_), its name in egg.Disable, egg.Requires and every error.
const Name = "skeleton"

// Config configures the module. Every field says its default and its
// environment variable.
type Config struct {
	// Addr is the service's host:port. Default "127.0.0.1:7777".
	// Env SKELETON_ADDR.
	Addr string `env:"ADDR"`
	// DialTimeout bounds connecting at start-up. Default 3s.
	// Env SKELETON_DIAL_TIMEOUT.
	DialTimeout time.Duration `env:"DIAL_TIMEOUT"`
	// Password authenticates to the service. Default none.
	// Env SKELETON_PASSWORD. Masked in the config dump.
	Password string `env:"PASSWORD" secret:"true"`
}

// DefaultConfig returns the module's defaults.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:7777", DialTimeout: 3 * time.Second}
}

// Validate fails start-up on a config that cannot work; egg adds the
// module, the value and the layer that set it to the message.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return egg.InvalidConfig("Addr", `must be host:port, e.g. SKELETON_ADDR=127.0.0.1:7777`)
	}
	if c.DialTimeout <= 0 {
		return egg.InvalidConfig("DialTimeout", `must be positive, e.g. SKELETON_DIAL_TIMEOUT=3s`)
	}
	return nil
}

// Module is the skeleton module: its config, the client, and the client as
// a boot object, so that it connects in WillReady and closes in
// BeforeClose.
var Module = egg.Module(Name,
	// egg.Requires("redis"), // modules this one needs: they load first,
	// and a missing one fails start-up naming both modules.
	egg.Config(DefaultConfig()),
	fx.Provide(func(cfg Config, app *egg.App) *Client { return New(cfg, app.LoggerFor(Name)) }),
	egg.Boot(func(c *Client) *Client { return c }),
)

// Client is the module's client of the service.
type Client struct {
	cfg  Config
	log  *slog.Logger
	mu   sync.Mutex
	conn net.Conn
	rd   *bufio.Reader
}

// New returns a client that is not connected yet. It is a plain
// constructor, usable without egg: call WillReady to connect and
// BeforeClose to close.
func New(cfg Config, log *slog.Logger) *Client {
	return &Client{cfg: cfg, log: log}
}

// WillReady connects: the app is not ready until the service answers
// (Egg's egg-redis waits for the client the same way).
func (c *Client) WillReady(ctx context.Context) error {
	d := net.Dialer{Timeout: c.cfg.DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", c.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot connect to Addr %s (env SKELETON_ADDR): %w; start the service or point SKELETON_ADDR at it", c.cfg.Addr, err)
	}
	c.mu.Lock()
	c.conn, c.rd = conn, bufio.NewReader(conn)
	c.mu.Unlock()
	if err := c.Ping(ctx); err != nil {
		_ = c.BeforeClose(ctx)
		return fmt.Errorf("connected to %s but it does not answer PING: %w", c.cfg.Addr, err)
	}
	c.log.Info("connected", "addr", c.cfg.Addr)
	return nil
}

// BeforeClose closes the connection, after in-flight requests are done.
func (c *Client) BeforeClose(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return nil
	}
	err := c.conn.Close()
	c.conn, c.rd = nil, nil
	return err
}

// Ping makes one round trip to the service.
func (c *Client) Ping(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return errors.New("skeleton: not connected; the client connects in WillReady")
	}
	if d, ok := ctx.Deadline(); ok {
		_ = c.conn.SetDeadline(d)
		defer c.conn.SetDeadline(time.Time{})
	}
	if _, err := c.conn.Write([]byte("PING\n")); err != nil {
		return err
	}
	line, err := c.rd.ReadString('\n')
	if err != nil {
		return err
	}
	if line != "PONG\n" {
		return fmt.Errorf("skeleton: unexpected answer %q", line)
	}
	return nil
}
