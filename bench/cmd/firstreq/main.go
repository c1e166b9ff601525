// Command firstreq starts a server and measures the time from process start
// to its first successful HTTP response.
//
// Usage:
//
//	firstreq -url http://127.0.0.1:7001/hello [-log FILE] [-pidfile FILE]
//	         [-dir DIR] [-timeout 60s] [-interval 1ms] -- COMMAND [ARG...]
//
// firstreq first checks that nothing answers on the URL's host:port yet (a
// leftover server would make the measurement meaningless). It then records
// the time, starts COMMAND (inheriting firstreq's environment, with stdout
// and stderr appended to -log), and polls the URL with net/http every
// -interval until a request returns 200 OK. On success it prints one line
//
//	<pid> <milliseconds>
//
// to stdout and exits 0, leaving the server running: the caller owns it from
// then on and must stop it. The PID is also written to -pidfile as soon as
// the process has started, so that a caller interrupted in the middle can
// still stop the server. If the server exits, does not answer within
// -timeout, or firstreq gets SIGINT or SIGTERM while polling, firstreq kills
// the server (its whole process group) and exits 1.
//
// The server is started in a process group of its own, so that terminal
// signals sent to the caller's group do not reach it behind the caller's
// back; the caller stops it explicitly by PID.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "firstreq: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		target   = flag.String("url", "http://127.0.0.1:7001/hello", "URL to poll until it answers 200 OK")
		logPath  = flag.String("log", "", "file to append the server's stdout and stderr to (default: discard)")
		pidPath  = flag.String("pidfile", "", "file to write the server's PID to right after it starts")
		dir      = flag.String("dir", "", "working directory of the server (default: current directory)")
		timeout  = flag.Duration("timeout", 60*time.Second, "give up if the server has not answered 200 OK by then")
		interval = flag.Duration("interval", time.Millisecond, "time between two polls")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [flags] -- COMMAND [ARG...]\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		return errors.New("no command given")
	}
	u, err := url.Parse(*target)
	if err != nil {
		return fmt.Errorf("bad -url: %w", err)
	}
	if err := checkFree(u.Host); err != nil {
		return err
	}

	out, err := openLog(*logPath)
	if err != nil {
		return err
	}
	defer out.Close()

	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Dir = *dir
	cmd.Stdout = out // *os.File: handed to the child as is, no copying goroutine
	cmd.Stderr = out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	client := &http.Client{
		Timeout: time.Second,
		// A fresh connection per poll: a failed dial must not be cached.
		Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
	}

	// From here on SIGINT/SIGTERM stop the server too (see poll).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", flag.Arg(0), err)
	}
	pid := cmd.Process.Pid
	if *pidPath != "" {
		if err := os.WriteFile(*pidPath, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
			killGroup(pid)
			return fmt.Errorf("write pidfile: %w", err)
		}
	}

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	elapsed, err := poll(client, *target, start, *interval, *timeout, exited, sigs)
	if err != nil {
		killGroup(pid)
		return err
	}
	fmt.Printf("%d %.1f\n", pid, float64(elapsed.Microseconds())/1000)
	return nil
}

// poll requests target every interval until it answers 200 OK and returns
// the time elapsed since start. It fails if the process exits (a value on
// exited), when firstreq gets a signal (a value on sigs) or when timeout
// has passed since start.
func poll(client *http.Client, target string, start time.Time, interval, timeout time.Duration,
	exited <-chan error, sigs <-chan os.Signal) (time.Duration, error) {
	deadline := start.Add(timeout)
	lastErr := errors.New("no answer yet")
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		ok, err := get(client, target)
		if ok {
			return time.Since(start), nil
		}
		lastErr = err
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("no 200 OK from %s within %v; last poll: %v", target, timeout, lastErr)
		}
		select {
		case err := <-exited:
			return 0, fmt.Errorf("server exited before answering (%v); last poll: %v", err, lastErr)
		case sig := <-sigs:
			return 0, fmt.Errorf("interrupted by %v before the server answered", sig)
		case <-tick.C:
		}
	}
}

// get reports whether one GET of target answered 200 OK.
func get(client *http.Client, target string) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), client.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return false, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("status %s", resp.Status)
	}
	return true, nil
}

// checkFree fails if something already accepts connections on hostport.
func checkFree(hostport string) error {
	conn, err := net.DialTimeout("tcp", hostport, 200*time.Millisecond)
	if err != nil {
		return nil
	}
	conn.Close()
	return fmt.Errorf("something already listens on %s; stop it first", hostport)
}

// openLog opens path for appending, or the null device if path is empty.
func openLog(path string) (*os.File, error) {
	if path == "" {
		path = os.DevNull
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	return f, nil
}

// killGroup sends SIGKILL to the process group led by pid (the server and
// every child it has not moved to another group).
func killGroup(pid int) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
}
