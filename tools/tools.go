//go:build generate

// Package tools holds the go:generate steps behind `make generate`. The generator is pinned
// by the `tool` directive in this module's go.mod, a module of its own so that its
// dependencies never enter the provider's go.mod. The build tag keeps this file out of
// every build; `go generate` sets the tag itself. The steps run in order.
package tools

// Format the examples first: the docs embed them verbatim, so formatting afterwards would
// leave docs/ stale and a second `make generate` would produce a diff.
//go:generate terraform fmt -recursive ../examples/

// No --tf-version: tfplugindocs then uses the terraform on PATH and downloads nothing.
// --provider-name is explicit because the checkout directory may have any name.
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name testsigma --rendered-provider-name Testsigma
