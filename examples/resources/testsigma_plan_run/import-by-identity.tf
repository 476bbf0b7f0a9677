# Terraform 1.12 and later: adopt a run started elsewhere by its identity.
import {
  to = testsigma_plan_run.smoke
  identity = {
    id = 5001
  }
}
