# A schedule is imported by its id. Import reads it with an endpoint Testsigma's docs do
# not list, so it sets detect_drift = true; the start time, zone and config are not in the
# answer, and the next apply sends them from the configuration.
terraform import testsigma_schedule.nightly 21
