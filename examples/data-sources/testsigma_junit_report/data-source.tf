# Write the JUnit report of a finished run where CI systems that read JUnit files pick it up.
# The run must be complete: taking run_id from a testsigma_plan_run that waits for completion
# reads the report after the run.
resource "testsigma_plan_run" "smoke" {
  test_plan_id = 1001
  on_failure   = "warning" # keep going, so the report of a failed run is written too
}

data "testsigma_junit_report" "smoke" {
  run_id = testsigma_plan_run.smoke.id
}

# Needs the hashicorp/local provider.
resource "local_file" "junit" {
  content  = data.testsigma_junit_report.smoke.xml
  filename = "${path.module}/testsigma-junit.xml"
}

output "junit_summary" {
  value = "${data.testsigma_junit_report.smoke.failures} of ${data.testsigma_junit_report.smoke.tests} test cases failed"
}
