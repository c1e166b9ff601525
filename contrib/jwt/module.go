package jwt

import (
	"context"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/httpclient"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.UseMiddleware, egg.HTTPConfig.MiddlewareOptions and egg.Disable,
// and the prefix (JWT_) of the config's environment variables.
const Name = "jwt"

// Module is the jwt module (egg-jwt). It declares Config, provides
// *Verifier (Egg's app.jwt.verify, and the middleware) and *Signer
// (app.jwt.sign; built only when something injects it), and registers
// the middleware "jwt", which runs where the app lists it:
//
//	egg.Run(modules.Default(), jwt.Module, jwt.WithClaims[UserClaims](), app.Module,
//		egg.UseMiddleware(jwt.Name, egg.Match("/api")),
//	)
//
// or per route with Verifier.Required. When the app has the httpclient
// module, JWKS fetches go through its client. A JWKS is fetched in
// WillReady; the client's idle connections close in BeforeClose.
var Module = egg.Module(Name,
	egg.Optional("httpclient"),
	egg.Config(DefaultConfig()),
	fx.Provide(newForApp, NewSigner),
	egg.Middleware(Name, func(v *Verifier) func(http.Handler) http.Handler { return v.Middleware }),
	egg.Boot(func(v *Verifier) *lifecycle { return &lifecycle{v} }),
)

// appParams are what the module takes from the app.
type appParams struct {
	fx.In
	App        *egg.App
	Config     Config
	Claims     ClaimsType         `optional:"true"`
	Revoker    Revoker            `optional:"true"`
	HTTPClient *httpclient.Client `optional:"true"`
}

func newForApp(p appParams) (*Verifier, error) {
	o := Options{Claims: p.Claims, Revoker: p.Revoker, Logger: p.App.LoggerFor(Name)}
	if p.HTTPClient != nil {
		o.HTTPClient = p.HTTPClient.Client
	}
	return NewVerifier(p.Config, o)
}

// lifecycle fetches the JWKS before the app is ready and stops fetching
// when it closes.
type lifecycle struct{ v *Verifier }

func (l *lifecycle) WillReady(ctx context.Context) error { return l.v.Start(ctx) }

func (l *lifecycle) BeforeClose(context.Context) error {
	l.v.Stop()
	return nil
}
