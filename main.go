package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/testsigma/terraform-provider-testsigma/internal/provider"
)

// Address is where users find the provider: source = "testsigma/testsigma".
const Address = "registry.terraform.io/testsigma/testsigma"

// version is set by goreleaser: -X main.version={{.Version}}.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
