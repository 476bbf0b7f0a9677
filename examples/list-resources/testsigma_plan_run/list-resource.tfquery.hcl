# Terraform 1.14 and later, in a *.tfquery.hcl file: `terraform query` lists the plan's
# recent failed runs; `terraform query -generate-config-out=runs.tf` writes an import
# block (by identity) and a resource block for each.
list "testsigma_plan_run" "failed_smoke_runs" {
  provider = testsigma

  config {
    test_plan_id = 1001
    result       = "FAILURE"
    limit        = 5
  }
}
