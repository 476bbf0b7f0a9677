package provider

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// TestBenchPlanCost is the plan-cost part of TestBenchEndToEnd alone (the same figures, in
// a minute instead of several), for work on the plan's cost.
func TestBenchPlanCost(t *testing.T) {
	if os.Getenv("TESTSIGMA_BENCH") == "" {
		t.Skip("set TESTSIGMA_BENCH=1 to measure the plan cost")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	emu := newEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 3003, Name: "Instant", Result: "SUCCESS"})
	reattach := mergeReattach(t, serveForReattach(t, ctx, Options{}), serveAtForReattach(t, ctx, tinyAddress, tinyServer()), serveAtForReattach(t, ctx, floorAddress, floorServer()))
	(&benchRun{t: t, ctx: ctx, emu: emu, reattach: reattach}).planCost(400)
}

// planCost times `terraform plan` over n finished runs, over n time_static of
// hashicorp/terraform-provider-time (the yardstick of the target), over n resources of a
// tiny in-process framework provider of 3 attributes (a stricter yardstick) and over n
// resources with the same schema and no logic (Terraform's own cost for a resource that
// wide), side by side, and counts the API calls of the first. It also splits each plan's
// CPU time between Terraform's process and the provider's.
func (b *benchRun) planCost(n int) {
	dir := b.dir("refresh")
	b.write(dir, fmt.Sprintf("resource \"testsigma_plan_run\" \"r\" {\n count = %d\n test_plan_id = 3003\n}\n", n))
	b.terraform(dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	from := len(b.emu.Requests())
	mine, mineTF, mineHere := b.terraformCPU(dir, "plan", "-input=false", "-no-color")
	calls := len(b.emu.Requests()) - from
	if calls != 0 {
		b.t.Errorf("planning over %d finished runs made %d API calls, want 0", n, calls)
	}
	static, staticTF, staticProvider := b.planTimeStatic(n)
	tiny, tinyTF, tinyHere := b.planOther(n, "tiny", "tiny_thing", "input = \"x\"")
	floor, floorTF, floorHere := b.planOther(n, "floor", "floor_run", "test_plan_id = 3003")
	ratio, strict, frameworkCost := mine.Seconds()/static.Seconds(), mine.Seconds()/tiny.Seconds(), floor.Seconds()/mine.Seconds()
	fmt.Println("\n| plan cost | terraform plan time | CPU: Terraform | CPU: provider | API calls |")
	fmt.Println("|---|---|---|---|---|")
	fmt.Printf("| %d finished testsigma_plan_run in state | %.2fs | %.2fs | %.2fs | %d |\n", n, mine.Seconds(), mineTF.Seconds(), mineHere.Seconds(), calls)
	fmt.Printf("| %d time_static of hashicorp/terraform-provider-time %s (10 attributes, its own process) | %.2fs | %.2fs | %.2fs | – |\n", n, timeProviderVersion, static.Seconds(), staticTF.Seconds(), staticProvider.Seconds())
	fmt.Printf("| %d tiny_thing of a minimal framework provider (3 attributes, in-process like this one) | %.2fs | %.2fs | %.2fs | – |\n", n, tiny.Seconds(), tinyTF.Seconds(), tinyHere.Seconds())
	fmt.Printf("| %d floor_run: testsigma_plan_run's schema with no logic behind it (%d attributes) | %.2fs | %.2fs | %.2fs | – |\n", n, planRunAttributes(), floor.Seconds(), floorTF.Seconds(), floorHere.Seconds())
	fmt.Printf("\n- plan over %d finished runs: %.2f× the plan over %d time_static (≤ 1.5×) %s, %d API calls (0) %s\n", n, ratio, n, verdictMark(ratio <= 1.5), calls, verdictMark(calls == 0))
	fmt.Printf("- against the 3-attribute provider: %.2f× (no target: see the next line)\n", strict)
	fmt.Printf("- Terraform's own CPU in that plan: %.2fs here, %.2fs over the same schema with no logic behind it, %.2fs for the minimal provider: the gap is what Terraform spends on a resource %d attributes wide, whatever the provider does (no target)\n", mineTF.Seconds(), floorTF.Seconds(), tinyTF.Seconds(), planRunAttributes())
	fmt.Printf("- the same schema served by the framework without this provider's finished-run shortcut: %.2fs, %.2f× this plan (no target)\n", floor.Seconds(), frameworkCost)
}

// planOther applies n resources of another in-process provider and times a plan over them.
func (b *benchRun) planOther(n int, name, typ, body string) (wall, tf, here time.Duration) {
	dir := b.dir(name)
	b.writeRaw(dir, countOf(name, "bench/"+name, typ, n, body))
	b.terraform(dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	return b.terraformCPU(dir, "plan", "-input=false", "-no-color")
}

// countOf is a configuration of n resources of typ, of the provider name from source.
func countOf(name, source, typ string, n int, body string) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\nresource %q \"r\" {\n count = %d\n %s\n}\n", name, source, typ, n, body)
}

// terraformCPU is terraform, with the CPU time of Terraform's process and of this one.
func (b *benchRun) terraformCPU(dir string, args ...string) (wall, tf, here time.Duration) {
	cmd, out := terraformCmd(b.ctx, b.t, dir, b.reattach, args...)
	before := processCPU()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), processCPU() - before
}
