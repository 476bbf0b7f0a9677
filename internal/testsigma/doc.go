// Package testsigma is everything the provider knows about Testsigma, in two halves that
// share one Client (one account, one rate limit, one memory of run lengths). It knows
// nothing about Terraform: the resource and the action are thin adapters over it.
//
// The API client (files api_*.go) is the Testsigma REST API as the documentation and the
// observed servers have it: the transport (auth, User-Agent, the rate limit, retries that
// never repeat a write that may have landed, redirects, key redaction), tolerant decoding
// of what the servers send, typed errors behind predicates such as IsNotFound, and one file
// per endpoint family: runs and their listing, test plans, environments, saved configs,
// schedules, test cases, step results (why a test failed) and JUnit reports. Its Run
// carries the vocabulary (a finished status, a result, Passed); what to do about a run
// (when to ask again, whether a lost answer made one, re-run, stop) it never decides.
//
// The engine (files engine_*.go) is where a run's meaning is decided, once for every front
// door: Trigger starts a run and, when the answer is lost, reconciles it from the plan's runs
// without ever adopting a run it did not make (siblings, claims); Follow and Judge wait on
// an adaptive poll schedule (estimated from the run's counts and from what runs of the plan
// usually take), hold a red first run for the plan's own automatic re-run, re-run failed
// tests, read why they failed and return one Outcome with the verdict; Release stops a run
// only while it is still going. Progress reaches the caller as Events through Policy.
package testsigma
