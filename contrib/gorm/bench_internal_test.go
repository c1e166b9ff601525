package gorm

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/egg-go/egg/internal/connpeek"
)

// BenchmarkTrace is the SQL logger's cost per statement: with debug off
// (production) it must not build the SQL text.
func BenchmarkTrace(b *testing.B) {
	fc := func() (string, int64) { return "SELECT * FROM users WHERE id = 1", 1 }
	for _, bc := range []struct {
		name  string
		level slog.Level
	}{{"debug off", slog.LevelInfo}, {"debug on", slog.LevelDebug}} {
		b.Run(bc.name, func(b *testing.B) {
			log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: bc.level}))
			l := newSQLLogger(log, "default", 200*time.Millisecond, false)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				l.Trace(ctx, time.Now(), fc, nil) // the statement began just now: not slow
			}
		})
	}
	b.Run("failed, warn", func(b *testing.B) {
		l := newSQLLogger(slog.New(slog.NewTextHandler(io.Discard, nil)), "default", 0, false)
		err := errors.New("boom")
		b.ReportAllocs()
		for b.Loop() {
			l.Trace(context.Background(), time.Now(), fc, err)
		}
	})
}

// BenchmarkServerSpoke is the socket peek made before pgx reuses an idle
// connection.
func BenchmarkServerSpoke(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	peer := <-accepted
	defer peer.Close()
	b.ReportAllocs()
	for b.Loop() {
		if connpeek.Spoke(c) {
			b.Fatal("an idle open connection reported as spoken")
		}
	}
}

func TestServerSpoke(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	peer := <-accepted
	if connpeek.Spoke(c) {
		t.Fatal("idle: want false")
	}
	if _, err := peer.Write([]byte("E")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return connpeek.Spoke(c) })
	buf := make([]byte, 1) // the peek consumed nothing
	if n, err := c.Read(buf); n != 1 || buf[0] != 'E' || err != nil {
		t.Fatalf("read after peek: %d %q %v", n, buf, err)
	}
	if connpeek.Spoke(c) {
		t.Fatal("after reading: want false")
	}
	_ = peer.Close()
	waitFor(t, func() bool { return connpeek.Spoke(c) }) // end of stream
}

// waitFor polls cond until it holds, for events the kernel delivers a
// moment later (bytes or FIN arriving on loopback).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(time.Millisecond)
	}
}
