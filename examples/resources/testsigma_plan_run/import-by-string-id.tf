# Adopt a run started elsewhere (for example by CI) by its run id.
import {
  to = testsigma_plan_run.smoke
  id = "5001"
}
