package redis

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// endpointError is a bad address field of a client: the field, its
// environment variable (without REDIS_) and the reason, in which $ENV
// stands for the variable.
type endpointError struct{ field, env, reason string }

func (e *endpointError) Error() string { return e.field + ": " + e.reason }

// endpoint works out where the client connects: URL, else Addrs, else
// 127.0.0.1:6379, with the credential fields over the URL's.
func (cc *ClientConfig) endpoint() (endpoint, error) {
	var ep endpoint
	if cc.URL != "" {
		if len(cc.Addrs) > 0 {
			return ep, &endpointError{"Addrs", "ADDRS", "URL and Addrs are both set; set one of them (REDIS_URL or REDIS_ADDRS)"}
		}
		var err error
		if ep, err = parseURL(string(cc.URL)); err != nil {
			return ep, &endpointError{"URL", "URL", "the URL " + err.Error()}
		}
		if cc.DB != 0 {
			if ep.dbInPath {
				return ep, &endpointError{"DB", "DB", "the URL's path names the db and DB is set too; put the db in the URL's path only, e.g. redis://host:6379/2"}
			}
			ep.db = cc.DB
		}
		if cc.MasterName != "" {
			if ep.masterName != "" && ep.masterName != cc.MasterName {
				return ep, &endpointError{"MasterName", "MASTER_NAME", "the URL's master_name and MasterName differ; set one of them"}
			}
			ep.masterName = cc.MasterName
		}
	} else {
		addrs := cc.Addrs
		if len(addrs) == 0 {
			addrs = []string{"127.0.0.1:6379"}
		}
		for _, a := range addrs {
			addr, err := checkAddr(strings.TrimSpace(a), true, true)
			if err != nil {
				return ep, &endpointError{"Addrs", "ADDRS", "address " + err.Error()}
			}
			ep.addrs = append(ep.addrs, addr)
		}
		ep.db, ep.masterName = cc.DB, cc.MasterName
	}
	if cc.Username != "" {
		ep.username = cc.Username
	}
	if cc.Password != "" {
		ep.password = cc.Password
	}
	ep.tls = ep.tls || cc.TLS
	switch {
	case ep.db < 0:
		return ep, &endpointError{"DB", "DB", "must be 0 or more"}
	case ep.masterName != "" && cc.Cluster:
		return ep, &endpointError{"Cluster", "CLUSTER", "Cluster and MasterName are both set; MasterName is for Sentinel, Cluster for Redis Cluster: set one of them"}
	case ep.cluster(cc.Cluster) && ep.db != 0:
		return ep, &endpointError{"DB", "DB", fmt.Sprintf("DB is %d, but a Redis Cluster (several addresses, or Cluster) has only db 0; "+
			"use db 0 and a key prefix instead", ep.db)}
	}
	return ep, nil
}

// cluster reports whether the endpoint is a Redis Cluster.
func (ep endpoint) cluster(flag bool) bool {
	return ep.masterName == "" && (len(ep.addrs) > 1 || flag)
}

// describe names where the client connects, for logs and errors.
func (ep endpoint) describe(flag bool) string {
	addrs := strings.Join(ep.addrs, ",")
	switch {
	case ep.masterName != "":
		return fmt.Sprintf("master %q via Sentinel %s (db %d)", ep.masterName, addrs, ep.db)
	case ep.cluster(flag):
		return "cluster " + addrs
	}
	return fmt.Sprintf("%s (db %d)", addrs, ep.db)
}

// options turns the config into go-redis's options. Commands follow
// their context's deadline and cancellation (ContextTimeoutEnabled).
func (cc *ClientConfig) options(ep endpoint) (*goredis.UniversalOptions, error) {
	o := &goredis.UniversalOptions{
		Addrs:                 ep.addrs,
		DB:                    ep.db,
		Username:              ep.username,
		Password:              ep.password,
		MasterName:            ep.masterName,
		SentinelUsername:      cc.SentinelUsername,
		SentinelPassword:      cc.SentinelPassword,
		IsClusterMode:         ep.cluster(cc.Cluster),
		Protocol:              cc.Protocol,
		PoolSize:              cc.PoolSize,
		DialTimeout:           cc.DialTimeout,
		ReadTimeout:           cc.ReadTimeout,
		WriteTimeout:          cc.WriteTimeout,
		MaxRetries:            cc.MaxRetries,
		ContextTimeoutEnabled: true,
	}
	if !cc.MaintNotifications {
		o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	}
	t, err := cc.tlsConfig(ep)
	if err != nil {
		return nil, err
	}
	o.TLSConfig = t
	return o, nil
}

// usesTLS reports whether any TLS field or the URL's scheme asks for TLS.
func (cc *ClientConfig) usesTLS(ep endpoint) bool {
	return ep.tls || cc.TLSConfig != nil || cc.TLSServerName != "" || cc.TLSCAFile != "" ||
		cc.TLSCertFile != "" || cc.TLSKeyFile != "" || cc.TLSInsecureSkipVerify
}

// tlsConfig builds the TLS configuration, reading the PEM files; nil
// without TLS.
func (cc *ClientConfig) tlsConfig(ep endpoint) (*tls.Config, error) {
	if cc.TLSConfig != nil {
		return cc.TLSConfig.Clone(), nil
	}
	if !cc.usesTLS(ep) {
		return nil, nil
	}
	t := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: cc.TLSServerName, InsecureSkipVerify: cc.TLSInsecureSkipVerify} //nolint:gosec // opt-in, documented as test-only
	if cc.TLSCAFile != "" {
		pem, err := os.ReadFile(cc.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("TLSCAFile: %w; point it at the PEM file of the CA that signs the server's certificate", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TLSCAFile %s holds no PEM certificate; it should contain -----BEGIN CERTIFICATE----- blocks", cc.TLSCAFile)
		}
		t.RootCAs = pool
	}
	if cc.TLSCertFile != "" || cc.TLSKeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cc.TLSCertFile, cc.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("TLSCertFile/TLSKeyFile: %w; they must be the PEM certificate and its matching key", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}
