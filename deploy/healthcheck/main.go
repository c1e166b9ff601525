// Command healthcheck asks an egg app over HTTP whether it is ready, and
// exits 0 on a 2xx answer and 1 on anything else: the HEALTHCHECK of a
// container image that has no shell and no curl (distroless, scratch).
//
//	healthcheck                          # GET http://127.0.0.1:$PORT/readyz ($PORT default 7001)
//	healthcheck -path /healthz           # liveness instead of readiness
//	healthcheck -host shop.example.com   # the Host header, when EGG_ALLOWED_HOSTS is set
//	healthcheck -url http://127.0.0.1:8080/readyz -timeout 2s
//
// It follows no redirect (a 3xx is not healthy), ignores HTTP_PROXY, and
// prints why a check failed on stderr, which `docker inspect` shows. Exit
// status 2 is never used: Docker reserves it.
//
// It uses the standard library only. Build it as the app is built:
//
//	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' github.com/egg-go/egg/deploy/healthcheck
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stderr)) }

// run is main without the process: 0 healthy, 1 not (or misused).
func run(args []string, getenv func(string) string, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("path", "/readyz", "path to GET on 127.0.0.1:$PORT")
	rawURL := fs.String("url", "", "URL to GET instead of 127.0.0.1:$PORT and -path")
	host := fs.String("host", "", "Host header to send (default: the URL's host)")
	timeout := fs.Duration("timeout", 2*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return 1 // the flag package printed the error and the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "healthcheck: unexpected argument %q; flags only, see -h\n", fs.Arg(0))
		return 1
	}
	target, err := targetURL(*rawURL, *path, getenv("PORT"))
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "healthcheck: -timeout %s: give a positive duration such as 2s\n", *timeout)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := check(ctx, target, *host); err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	return 0
}

// targetURL is the URL to ask: rawURL when given, else
// http://127.0.0.1:<port><path> with port from $PORT (7001 when empty).
func targetURL(rawURL, path, port string) (string, error) {
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("-url %q: give an absolute http or https URL, e.g. http://127.0.0.1:7001/readyz", rawURL)
		}
		return rawURL, nil
	}
	if port == "" {
		port = "7001"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("PORT=%q is not a port number (1-65535); fix PORT or pass -url", port)
	}
	if !strings.HasPrefix(path, "/") {
		return "", fmt.Errorf("-path %q: give a path starting with /, e.g. /readyz", path)
	}
	return "http://127.0.0.1:" + port + path, nil
}

// check GETs target and returns nil on a 2xx status.
func check(ctx context.Context, target, host string) error {
	client := &http.Client{
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", target, err)
	}
	if host != "" {
		req.Host = host
	}
	req.Header.Set("User-Agent", "egg-healthcheck")
	res, err := client.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("GET %s: no answer within the timeout", target)
	}
	if err != nil {
		return fmt.Errorf("GET %s: %w", target, err)
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 200))
		return fmt.Errorf("GET %s: %s %s", target, res.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
