package egg

import (
	"crypto/tls"
	"fmt"
)

// httpsPort is the port an app started with HTTPS listens on when nothing
// chooses another (Egg's 8443): egg.Run's start uses it when the
// certificate comes from --https-cert or EGG_HTTPS_CERT and neither
// --port nor PORT is given.
const httpsPort = 8443

// HTTPSConfig turns on HTTPS for egg's own server (module "egg", env vars
// without prefix). With both files set the server speaks TLS only, with
// HTTP/2 offered through ALPN beside HTTP/1.1. An app made by egg.Embed has
// no server of its own and does not read these environment variables.
type HTTPSConfig struct {
	// CertFile is the PEM certificate chain, leaf first. Relative to the
	// working directory. Env EGG_HTTPS_CERT; egg.Run's --https-cert (or
	// Egg's --https.cert) wins.
	CertFile string `env:"EGG_HTTPS_CERT"`
	// KeyFile is the PEM private key of the certificate. Env
	// EGG_HTTPS_KEY; egg.Run's --https-key (or Egg's --https.key) wins.
	KeyFile string `env:"EGG_HTTPS_KEY"`
}

// Enabled reports whether HTTPS is configured.
func (c HTTPSConfig) Enabled() bool { return c.CertFile != "" || c.KeyFile != "" }

// Validate requires both files or neither. Whether they exist and match is
// checked when the server starts, so `config` works without them.
func (c *HTTPSConfig) Validate() error {
	switch {
	case c.CertFile != "" && c.KeyFile == "":
		return InvalidConfig("KeyFile", "is empty while CertFile is set; give the private key too (--https-key or EGG_HTTPS_KEY), or unset CertFile for plain HTTP")
	case c.KeyFile != "" && c.CertFile == "":
		return InvalidConfig("CertFile", "is empty while KeyFile is set; give the certificate too (--https-cert or EGG_HTTPS_CERT), or unset KeyFile for plain HTTP")
	}
	return nil
}

// tlsConfig loads the key pair: nil without HTTPS. HTTP/2 is added by
// http.Server.ServeTLS.
func (c HTTPSConfig) tlsConfig() (*tls.Config, error) {
	if !c.Enabled() {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("egg: cannot load the HTTPS key pair (CertFile %q, KeyFile %q): %w; "+
			"give a PEM certificate and its private key with --https-cert/--https-key or EGG_HTTPS_CERT/EGG_HTTPS_KEY", c.CertFile, c.KeyFile, err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// scheme is "https" when egg's own server speaks TLS, else "http".
func (a *App) scheme() string {
	if a.server != nil && ConfigOf[HTTPSConfig](a.configs).Enabled() {
		return "https"
	}
	return "http"
}
