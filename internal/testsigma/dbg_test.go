package testsigma

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func TestDbgV2(t *testing.T) {
	for _, n := range []int{10, 50, 150} {
		emu, c, clock := newEmu(t, emulator.Options{}, Options{})
		cases := make([]emulator.Case, n)
		for i := range cases {
			cases[i] = emulator.Case{ID: int64(i + 1), Name: "c", Result: "SUCCESS"}
		}
		emu.AddPlan(emulator.Plan{ID: 1, Name: "p", Queued: 10 * time.Second, Running: 110 * time.Second, Result: "SUCCESS", Progressive: true, Seed: 120000 + int64(n), Cases: cases})
		run, _ := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 1})
		start := clock.Now()
		c.wait(context.Background(), run, Policy{})
		for _, r := range emu.Requests()[1:] {
			fmt.Printf("%.1f%s ", r.At.Sub(start).Seconds(), r.Path[5:7])
		}
		fmt.Println()
	}
}
