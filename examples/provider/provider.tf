terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

# The API key is read from the TESTSIGMA_API_KEY environment variable, which keeps it out
# of configuration files. base_url is only needed for an on-premise installation.
provider "testsigma" {
  # base_url = "https://testsigma.example.internal"

  # Shared by every resource and data source of this provider, polls included.
  max_requests_per_second = 5
}
