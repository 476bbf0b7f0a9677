package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(Address, provider.NewServer(version, provider.Options{}), opts...)
	if err != nil {
		log.Fatal(err)
	}
}
