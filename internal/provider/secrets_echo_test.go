package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// D9: a server that echoes the trigger's write-only runtime data, in the 400 DTO of the
// trigger or in a poll body the client cannot read (a WARN line quotes its start), shows ***
// in its place: the value is in no error, log line, state or plan file.
func TestD9_writeOnlyValueEchoedByTheServerIsRedacted(t *testing.T) {
	const secret = "WO-ECHOED-SECRET-2718"
	emu := planRunEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	cfg := func(version int) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 1001\nruntime_data = { user = \"qa\" }\nruntime_data_wo = { password = %q }\nruntime_data_wo_version = %d", secret, version))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					emu.Fault("POST /api/v1/execution_results", emulator.StatusBody(400, "application/json",
						`{"error":"Invalid runtimeData {password=`+secret+`, user=qa}: unknown variable"}`).Once())
				},
				Config:      cfg(1),
				ExpectError: words(`Invalid runtimeData \{password=\*\*\*, user=qa\}`),
			},
			{
				PreConfig: func() {
					emu.Fault("GET /api/v1/execution_results/{id}", emulator.Malformed(`{"id":5001,"runtimeData":{"password":"`+secret+`"},"status":"STATUS_IN`).Once())
				},
				Config: cfg(2),
			},
		},
	})
	if n := emu.Count("GET", "/api/v1/execution_results/{id}"); n < 2 {
		t.Fatalf("%d polls: the unreadable body was not read", n)
	}
	assertNowhere(t, tmp, secret)
}
