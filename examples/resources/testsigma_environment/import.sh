# An environment is imported by its id, the number in its page URL in Testsigma
# (.../environments/21/details). Secret values are never read back: set
# secret_variables_wo_version to send them again.
terraform import testsigma_environment.staging 21
