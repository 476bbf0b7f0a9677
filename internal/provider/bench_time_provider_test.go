package provider

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

// The plan-cost yardstick the issue measured against: time_static of
// hashicorp/terraform-provider-time, a small framework provider (10 attributes), built at a
// pinned version through the Go module proxy and served in a process of its own, as an
// installed provider runs. Bench-only: nothing in go.mod depends on it.
const (
	timeProviderModule  = "github.com/hashicorp/terraform-provider-time"
	timeProviderVersion = "v0.14.2"
)

// timeProviderBinary is TESTSIGMA_BENCH_TIME_PROVIDER, or the provider built into a temp
// dir. Built outside this module (go install pkg@version), so go.mod and go.sum stay as
// they are.
func (b *benchRun) timeProviderBinary() string {
	if bin := os.Getenv("TESTSIGMA_BENCH_TIME_PROVIDER"); bin != "" {
		return bin
	}
	gobin := b.t.TempDir()
	cmd := exec.CommandContext(b.ctx, "go", "install", timeProviderModule+"@"+timeProviderVersion)
	cmd.Dir = gobin
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.t.Fatalf("building %s@%s for the plan-cost yardstick (through the Go module proxy): %v\n%s", timeProviderModule, timeProviderVersion, err, out)
	}
	return filepath.Join(gobin, "terraform-provider-time")
}

var reattachLine = regexp.MustCompile(`TF_REATTACH_PROVIDERS='(.*)'`)

// serveTimeProvider starts bin in debug mode and returns its TF_REATTACH_PROVIDERS value
// and a stop that ends the process and returns the CPU time it used.
func (b *benchRun) serveTimeProvider(bin string) (reattach string, stop func() time.Duration) {
	ctx, cancel := context.WithCancel(b.ctx)
	cmd := exec.CommandContext(ctx, bin, "-debug")
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.t.Fatalf("starting %s: %v", bin, err)
	}
	stop = func() time.Duration {
		cancel()
		_ = cmd.Wait() // killed by the cancel: the error says so and nothing more
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := reattachLine.FindStringSubmatch(lines.Text()); m != nil {
			go func() { // keep reading, so that the provider never blocks on a full pipe
				for lines.Scan() {
				}
			}()
			return m[1], stop
		}
	}
	stop()
	b.t.Fatalf("%s -debug printed no TF_REATTACH_PROVIDERS line", bin)
	return "", nil
}

// planTimeStatic applies n time_static and times a plan over them with a fresh provider
// process, whose CPU time is the plan's alone.
func (b *benchRun) planTimeStatic(n int) (wall, tf, provider time.Duration) {
	bin := b.timeProviderBinary()
	dir := b.dir("time")
	b.writeRaw(dir, countOf("time", "hashicorp/time", "time_static", n, ""))
	with := func(run func(*benchRun)) time.Duration {
		reattach, stop := b.serveTimeProvider(bin)
		other := *b
		other.reattach = reattach
		run(&other)
		return stop()
	}
	with(func(o *benchRun) {
		o.terraform(dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	})
	provider = with(func(o *benchRun) { wall, tf, _ = o.terraformCPU(dir, "plan", "-input=false", "-no-color") })
	return wall, tf, provider
}
