package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// An environment whose create answer is lost (a 502 after Testsigma made it) is looked up
// by name, and the error says it may exist with its id and the import command; the next
// apply, which Testsigma refuses because the name is taken, names that id too.
func TestEnvironment_lostCreateAnswerNamesTheEnvironmentToImport(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	cfg := envConfig(emu, "name = \"Probe env\"\nvariables = { user = \"qa\" }")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { emu.Fault("POST /api/v1/environments", emulator.After(502).Once()) },
				Config:      cfg,
				ExpectError: words(`environment "Probe env" may have been created`, `Environment \d+ has that name`, `terraform import <address> \d+`),
			},
			{Config: cfg, ExpectError: words(`same name`, `Environment \d+ has that name`, `terraform import <address> \d+`)},
		},
	})
	if n := emu.Count("POST", "/api/v1/environments"); n != 2 {
		t.Errorf("%d environment POSTs, want 2 (the lost one, the refused one)", n)
	}
	storedEnv(t, emu)
}
