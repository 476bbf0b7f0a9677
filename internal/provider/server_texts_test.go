package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// hostileText clears the screen, sets the window title, makes a hyperlink, returns the
// cursor and reverses what follows, then runs on for 3,000 characters.
const hostileText = "1.0\x1b[2J\x1b]8;;http://evil.example/\aCLICK\x1b]8;;\a\r\u202eevil\x1b]0;pwned\a"

func hostileLong() string { return hostileText + strings.Repeat("Z", 3000) }

// assertNeutral fails when text holds a terminal control (ESC, BEL, CR, a bidi override)
// or runs past what a name may take up.
func assertNeutral(t *testing.T, what, text string) {
	t.Helper()
	if i := strings.IndexAny(text, "\x1b\a\r\u202e\x00"); i >= 0 {
		t.Errorf("%s holds a terminal control at %d: %q", what, i, text)
	}
	if n := len([]rune(text)); n > 260 || strings.Contains(text, strings.Repeat("Z", 250)) {
		t.Errorf("%s is %d characters, uncut", what, n)
	}
}

// A build number chosen by whoever triggered a run reaches `terraform query` (the display
// name and the build_number of the resource it offers) with its escapes removed and cut,
// as every other text from the server does.
func TestListResource_buildNumberIsNeutralisedAndCapped(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: listPlan, Name: "Listed", Result: "SUCCESS", Cases: []emulator.Case{{Name: "a", Result: "SUCCESS"}}})
	client, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{Clock: testClock})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Trigger(t.Context(), testsigma.TriggerRequest{TestPlanID: listPlan, BuildNumber: hostileLong()}); err != nil {
		t.Fatal(err)
	}
	h := configuredHarness(t, emu)
	results := h.list(map[string]any{"test_plan_id": listPlan}, true, 10)
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	expectNoDiags(t, "ListResource", results[0].Diagnostics)
	assertNeutral(t, "the display name", results[0].DisplayName)
	schemas, _ := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	v, err := results[0].Resource.Unmarshal(schemas.ResourceSchemas["testsigma_plan_run"].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var build string
	if err := v.As(&attrs); err != nil || attrs["build_number"].As(&build) != nil {
		t.Fatalf("no build_number in the listed resource: %v", err)
	}
	assertNeutral(t, "build_number", build)
}

// An environment's name reaches the terminal (Terraform prints `Read complete [name=...]`)
// and state neutralised and cut.
func TestEnvironment_nameIsNeutralisedAndCapped(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	emu.AddEnvironment(emulator.Environment{ID: 40, Name: "Stagin" + hostileLong()})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: lookupConfig(emu, "testsigma_environment", `  id = 40`),
			Check: resource.TestCheckResourceAttrWith(envDataAddr, "name", func(name string) error {
				assertNeutral(t, "name", name)
				if !strings.HasPrefix(name, "Stagin1.0") {
					return fmt.Errorf("name = %q, want the words kept", name)
				}
				return nil
			}),
		}},
	})
}

// A listing that ignores the page size and answers every page with thousands of runs, never
// the last, is read up to the bound of items the provider keeps (1,000), not for 20 pages:
// the probe's 8 MiB pages took the plugin to 3.9 GB.
func TestListResource_hugePagesStopAtTheItemBound(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	var page strings.Builder
	page.WriteString(`{"content":[`)
	for i := range 5000 {
		if i > 0 {
			page.WriteByte(',')
		}
		fmt.Fprintf(&page, `{"id":%d,"testPlanId":%d}`, 100000-i, listPlan)
	}
	page.WriteString(`],"last":false}`)
	emu.Fault("GET /api/v2/test_runs", emulator.Malformed(page.String()))
	h := configuredHarness(t, emu)
	results := h.list(map[string]any{"test_plan_id": listPlan, "limit": 2}, false, 2)
	if len(results) != 2 {
		t.Fatalf("%d results, want 2", len(results))
	}
	if n := emu.Count("GET", "/api/v2/test_runs"); n != 1 {
		t.Errorf("%d listing pages read, want 1: the first already holds more than the provider keeps", n)
	}
}

// An environment whose name is longer than what a read keeps (or holds a tab) is still the
// one written: the name that reads back cut does not plan a rename, and a lookup by the
// full name finds it.
func TestEnvironment_longNameReadsBackCutWithoutDrift(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	name := "Preview\t" + strings.Repeat("N", 240)
	cfg := envConfig(emu, fmt.Sprintf("name = %q\nvariables = { user = \"qa\" }", name)) +
		fmt.Sprintf("data \"testsigma_environment\" \"byname\" {\n  name = %q\n  depends_on = [testsigma_environment.preview]\n}\n", name)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.TestCheckResourceAttrPair("data.testsigma_environment.byname", "id", envAddr, "id")},
			{Config: cfg, PlanOnly: true},
		},
	})
}
