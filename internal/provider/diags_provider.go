package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The catalogue of what the provider block's configuration can get wrong, and of the API
// key being refused wherever it is first used. Every such wording is written here, once;
// TestDiagnostics_summariesWrittenOnce keeps it so.

// providerDataFrom is what Configure handed a resource, data source or action, or nil
// (with an error) when it is not this provider's. The framework hands on whatever the
// provider's Configure set, so another type means a plugin binary built from mismatched
// sources: nothing the configuration can change, only the installation.
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("The Testsigma provider was handed configuration data of type %T instead of its own client, which happens only when the plugin binary was built from mismatched sources. Reinstall the provider (delete .terraform/providers and run terraform init, or terraform init -upgrade for the newest release) so that Terraform runs one consistent build.", raw))
		return nil
	}
	return data
}

func notConfiguredDiag() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Testsigma provider not configured",
		"The provider has no API key or base URL yet, usually because they depend on values only known after apply. Set api_key/base_url (or TESTSIGMA_API_KEY/TESTSIGMA_BASE_URL) to known values.")
}

func missingKeyDiag() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("api_key"), "Missing Testsigma API key",
		"Set api_key in the provider block or the "+envAPIKey+" environment variable to an API key from Testsigma (Settings > API Keys). The value given was empty or only white space.")
}

// badBaseURLDiag: err says what is wrong with the URL; where it came from is ours to add.
func badBaseURLDiag(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("base_url"), "Invalid Testsigma base URL",
		err.Error()+". It may come from the base_url attribute or the "+envBaseURL+" environment variable.")
}

// baseURLWarning: a URL that works but looks unintended (the client says why).
func baseURLWarning(why string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("base_url"), "Check the Testsigma base URL", why)
}

func clientSetupDiag(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot configure the Testsigma client", err.Error())
}

// keyRejectedDiag: a 401 wherever it comes, a trigger or a lookup, says the same thing.
// doing is what failed ("Starting test plan 1001"), may what the key must be allowed to do,
// after what became of the operation ("" or a sentence).
func keyRejectedDiag(doing string, err error, may, after string) diag.Diagnostic {
	detail := fmt.Sprintf("%s failed: %s. Check api_key / %s, and that the key may %s.", doing, errText(err), envAPIKey, may)
	if after != "" {
		detail += " " + after
	}
	return diag.NewErrorDiagnostic("Testsigma rejected the API key", detail)
}
