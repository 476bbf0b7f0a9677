# A run is imported by its run id, the number at the end of its URL in Testsigma
# (.../ui/td/runs/5001).
terraform import testsigma_plan_run.smoke 5001
