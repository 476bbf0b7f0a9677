# A schedule is imported by its id. Import reads it with an endpoint Testsigma's docs do
# not list, and sets detect_drift = true; the start time, zone and config are not in the
# answer, and the next apply sends them from the configuration. On an account without that
# endpoint the import keeps the id alone (with a warning) and sets detect_drift = false: the
# next apply sends the whole schedule from the configuration, as its plan shows.
terraform import testsigma_schedule.nightly 21
