// Command testsigma-emulator serves the Testsigma API emulator on a loopback port, for
// the local demo and manual poking with curl.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "testsigma-emulator:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "loopback host:port to listen on")
	key := flag.String("api-key", "emulator-key", "API key the emulator accepts")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	seed := flag.String("seed", "demo", `scenario to load: "demo" or "none"`)
	flag.Parse()

	// The emulator accepts a well-known key, so it must never be reachable from
	// another machine.
	if err := checkLoopback(*addr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if ap, ok := ln.Addr().(*net.TCPAddr); !ok || !ap.IP.IsLoopback() {
		_ = ln.Close()
		return fmt.Errorf("refusing to serve on non-loopback address %s", ln.Addr())
	}
	url := "http://" + ln.Addr().String()

	srv := emulator.NewUnstarted(emulator.Options{APIKey: *key, PublicURL: url})
	switch *seed {
	case "demo":
		emulator.SeedDemo(srv)
	case "none", "":
	default:
		_ = ln.Close()
		return fmt.Errorf("unknown -seed %q (want demo or none)", *seed)
	}
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url+"\n"), 0o644); err != nil {
			_ = ln.Close()
			return err
		}
	}

	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Println("testsigma emulator listening on " + url)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	srv.Close() // releases requests parked in Delay faults
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkLoopback accepts "localhost" or a loopback IP; an empty host would mean every
// interface.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad -addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing non-loopback -addr %q: the emulator only listens on this machine", addr)
}
