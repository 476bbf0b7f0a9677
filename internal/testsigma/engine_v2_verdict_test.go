package testsigma

import (
	"context"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// When the v1 run object answers but cannot be read, a run the v2 object shows ended is
// read from it (result, end, counts); one it shows going is still an error, and so is a v1
// read that failed for another reason than its body.
func TestReadRun_v2StandsInForAnUnreadableV1Object(t *testing.T) {
	plan := emulator.Plan{ID: 60, Name: "P", Result: "FAILURE", Cases: []emulator.Case{{ID: 1, Name: "A", Result: "FAILURE"}}}
	going := emulator.Plan{ID: 61, Name: "Q", QueuedPolls: 99, Result: "SUCCESS"}
	emu, c, _ := newEmu(t, emulator.Options{}, Options{MaxAttempts: 1}, plan, going)
	ended, goingID := emu.StartRun(60), emu.StartRun(61)
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"status":12}`))
	run, err := c.ReadRun(context.Background(), ended)
	if err != nil || !run.Finished || run.Result != ResultFailure || run.FinishedAt == nil || run.Counts.Total == nil || *run.Counts.Total != 1 {
		t.Errorf("ended run: %+v, %v", run, err)
	}
	if run, err := c.ReadRun(context.Background(), goingID); err == nil {
		t.Errorf("a going run was judged from v2: %+v", run)
	}
	emu.ClearFaults()
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(503))
	if run, err := c.ReadRun(context.Background(), ended); err == nil {
		t.Errorf("a failed v1 read (503) was replaced by v2: %+v", run)
	}
}

// A completed run with no result in v1 takes v2's; when v2 has none either it stays
// without one, and is no pass.
func TestReadRun_nullResultAtCompletionTakesV2sOnlyWhenV2HasOne(t *testing.T) {
	ok := emulator.Plan{ID: 62, Name: "P", Result: "SUCCESS", Cases: []emulator.Case{{ID: 1, Name: "A", Result: "SUCCESS"}}}
	none := emulator.Plan{ID: 63, Name: "Q", Result: ""}
	emu, c, _ := newEmu(t, emulator.Options{}, Options{MaxAttempts: 1}, ok, none)
	passed, silent := emu.StartRun(62), emu.StartRun(63)
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"result":null,"consolidatedResult":null}`))
	if run, err := c.ReadRun(context.Background(), passed); err != nil || !Passed(run, DefaultAccepted()) {
		t.Errorf("v2 says SUCCESS: %+v, %v", run, err)
	}
	if run, err := c.ReadRun(context.Background(), silent); err != nil || run.Result != "" || Passed(run, KnownResults) {
		t.Errorf("neither says: %+v, %v", run, err)
	}
}
