package provider

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const junitAddr = "data.testsigma_junit_report.x"

func junitConfig(emu *emulator.Server, runID int64) string {
	return providerBlock(emu) + fmt.Sprintf("data \"testsigma_junit_report\" \"x\" {\n  run_id = %d\n}\n", runID)
}

func TestJUnitReport(t *testing.T) {
	t.Parallel()
	emu := runResultEmulator(t)
	running := emu.StartRun(planLong)
	done := emu.StartRun(planCheckout)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		// Steps that fail come first: the harness destroys with the last step's configuration.
		Steps: []resource.TestStep{
			{
				// Before completion the API answers 200 with plain text: an error, never a report.
				Config:      junitConfig(emu, running),
				ExpectError: words(`Testsigma run not complete`, fmt.Sprintf(`Run %d is not complete yet`, running)),
			},
			{
				Config:      junitConfig(emu, 4242),
				ExpectError: words(`Testsigma run not found`, `Run 4242 not found in Testsigma`),
			},
			{
				// A 200 that is not XML (a proxy page, say) is an error too, never a report.
				PreConfig: func() {
					emu.Fault("GET /api/v1/reports/junit/{id}", emulator.Fault{MalformedSet: true, Malformed: "maintenance window", Times: 1})
				},
				Config:      junitConfig(emu, done),
				ExpectError: words(`Cannot read the JUnit report`, fmt.Sprintf(`the JUnit report of run %d is not XML; it starts with "maintenance window"`, done)),
			},
			{
				Config: junitConfig(emu, done),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(junitAddr, tfjsonpath.New("tests"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(junitAddr, tfjsonpath.New("failures"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(junitAddr, tfjsonpath.New("xml"), knownvalue.StringRegexp(regexp.MustCompile(`^<\?xml[^>]*\?>\s*<testsuites>`))),
				},
				// What CI tools will read must be well-formed XML with every case in it.
				Check: checkKept(junitAddr, func(a map[string]string, _ bool) error {
					var doc struct {
						Suites []struct {
							Cases []struct {
								Name string `xml:"name,attr"`
							} `xml:"testcase"`
						} `xml:"testsuite"`
					}
					if err := xml.Unmarshal([]byte(a["xml"]), &doc); err != nil {
						return fmt.Errorf("xml does not parse: %v", err)
					}
					if len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 2 || doc.Suites[0].Cases[1].Name != "Pay by card" {
						return fmt.Errorf("unexpected report: %+v", doc)
					}
					return nil
				}),
			},
		},
	})
}
