//go:build generate

// Package tools holds the go:generate steps behind `make generate`. The generator is pinned
// by the `tool` directive in this module's go.mod, a module of its own so that its
// dependencies never enter the provider's go.mod. The build tag keeps this file out of
// every build; `go generate` sets the tag itself. The steps run in order.
package tools

// Format the examples first: the docs embed them verbatim, so formatting afterwards would
// leave docs/ stale and a second `make generate` would produce a diff.
//go:generate terraform fmt -recursive ../examples/

// The schema comes from the provider itself (internal/cmd/providerschema), in the format of
// `terraform providers schema -json`: Terraform before 1.14 leaves action schemas out of that
// command's output, so docs/actions would be missing. With --providers-schema tfplugindocs
// builds nothing and runs no Terraform. --provider-name is explicit because the checkout
// directory may have any name. The schema file is removed afterwards (and git-ignored, in
// case a step fails in between).
//go:generate go -C .. run ./internal/cmd/providerschema -o tools/providers-schema.json
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name testsigma --rendered-provider-name Testsigma --providers-schema providers-schema.json
//go:generate rm providers-schema.json
