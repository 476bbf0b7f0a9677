package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func TestProvider_configFromEnvironment(t *testing.T) {
	emu := savedConfigsEmulator(t)
	t.Setenv(envAPIKey, emu.APIKey())
	t.Setenv(envBaseURL, emu.URL())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `data "testsigma_saved_configs" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.testsigma_saved_configs.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
	if got := emu.Requests()[0].Header.Get("Authorization"); got != "Bearer "+emu.APIKey() {
		t.Errorf("Authorization = %q", got)
	}
}

func TestProvider_attributesWinOverEnvironment(t *testing.T) {
	emu := savedConfigsEmulator(t)
	t.Setenv(envAPIKey, "wrong-key")
	t.Setenv(envBaseURL, "http://127.0.0.1:1")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `data "testsigma_saved_configs" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.testsigma_saved_configs.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
}

func TestProvider_badConfiguration(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	cases := map[string]struct{ provider, want string }{
		"missing key":     {`base_url = "` + emu.URL() + `"`, `(?s)Missing Testsigma API key.*TESTSIGMA_API_KEY`},
		"whitespace key":  {`api_key = "   "` + "\n" + `base_url = "` + emu.URL() + `"`, `(?s)Missing Testsigma API key.*only white\s+space`},
		"no scheme":       {`api_key = "k"` + "\n" + `base_url = "app.testsigma.com"`, `(?s)Invalid Testsigma base URL.*has no scheme; write it with\s+https://`},
		"query":           {`api_key = "k"` + "\n" + `base_url = "https://app.testsigma.com/?x=1"`, `(?s)Invalid Testsigma base URL.*query or\s+fragment`},
		"wrong key (401)": {`api_key = "wrong"` + "\n" + `base_url = "` + emu.URL() + `"`, `(?s)401\s+Unauthorized.*Incorrect API Key`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      "provider \"testsigma\" {\n" + tc.provider + "\n}\n" + `data "testsigma_saved_configs" "all" {}`,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// A provider configured from another resource's output is unknown during plan: planning must
// work, and apply configures it with the real values.
func TestProvider_unknownConfigurationAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "key" { input = "` + emu.APIKey() + `" }
provider "testsigma" {
  base_url = "` + emu.URL() + `"
  api_key  = terraform_data.key.output
}
resource "testsigma_plan_run" "smoke" { test_plan_id = 1001 }
`,
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
}

// Warnings do not reach the test harness, so Configure is called directly for them.
func TestProvider_baseURLWarnings(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"http://testsigma.internal:8080":     "clear text",
		"https://app.testsigma.com/api/v1/":  "ends in /api/v1",
		"http://127.0.0.1:9000":              "",
		"https://testsigma.example.com/base": "",
	}
	for url, want := range cases {
		t.Run(url, func(t *testing.T) {
			resp := configure(t, map[string]tftypes.Value{
				"api_key": tftypes.NewValue(tftypes.String, "k"), "base_url": tftypes.NewValue(tftypes.String, url),
			})
			if resp.Diagnostics.HasError() {
				t.Fatalf("unexpected error: %v", resp.Diagnostics)
			}
			var got []string
			for _, d := range resp.Diagnostics.Warnings() {
				got = append(got, d.Detail())
			}
			all := strings.Join(got, "\n")
			if want == "" && len(got) > 0 || want != "" && !strings.Contains(all, want) {
				t.Errorf("warnings = %q, want one containing %q", all, want)
			}
			if resp.ResourceData == nil {
				t.Error("the client was not configured")
			}
		})
	}
}

func configure(t *testing.T, values map[string]tftypes.Value) *provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := NewWithOptions("test", Options{})()
	var sresp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sresp)
	resp := &provider.ConfigureResponse{}
	raw := objectValue(t, sresp.Schema.Type().TerraformType(ctx), values)
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: raw}}, resp)
	return resp
}

// objectValue builds a schema's object value with the given attributes, the rest null.
func objectValue(t *testing.T, typ tftypes.Type, values map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type is %T, not an object", typ)
	}
	full := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := values[name]; ok {
			full[name] = v
		} else {
			full[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(obj, full)
}
