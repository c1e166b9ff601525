package httpclient

import (
	"context"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module is module "httpclient" (Egg's app.curl / app.httpclient): it
// provides *httpclient.Client, built from Config (env prefix
// HTTPCLIENT_), with the app's name in its User-Agent, the app's
// request-id header (egg.HTTPConfig.RequestIDHeader) for forwarded ids
// and its lines on the "httpclient" logger. It also provides the Network
// under the client, for tests and contrib to decorate, and closes idle
// connections when the app stops (BeforeClose).
var Module = egg.Module("httpclient",
	egg.Config(DefaultConfig()),
	fx.Provide(NewNetwork, NewForApp),
	egg.Boot(func(c *Client) *closer { return &closer{c} }),
)

// NewNetwork returns the Network of cfg: NewTransport's *http.Transport.
func NewNetwork(cfg Config) (Network, error) {
	t, err := NewTransport(cfg)
	if err != nil {
		return Network{}, err
	}
	return Network{t}, nil
}

// Params are what NewForApp takes from the app.
type Params struct {
	fx.In
	App     *egg.App
	Config  Config
	HTTP    egg.HTTPConfig
	Network Network
}

// NewForApp builds the app's Client: New with the app's name, logger and
// request-id header, over p.Network.
func NewForApp(p Params) (*Client, error) {
	return New(p.Config,
		WithName(p.App.Name()),
		WithLogger(p.App.LoggerFor("httpclient")),
		WithRequestIDHeader(p.HTTP.RequestIDHeader),
		WithNetwork(p.Network.RoundTripper),
	)
}

// closer closes the client's idle connections when the app stops, after
// in-flight requests (which may be using it) have ended.
type closer struct{ c *Client }

func (x *closer) BeforeClose(context.Context) error {
	x.c.CloseIdleConnections()
	return nil
}
