package emulator

import (
	"net/http"
	"time"
)

// Clock lets tests and benchmarks drive run progression on simulated time.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Options configure a Server. The zero value serves what the public record documents
// (shared/testsigma-api.md 8.2); each field below that serves more, or a guess, says so
// and cites its row of shared/api-evidence.md.
type Options struct {
	APIKey string // accepted key; "emulator-key" when empty
	// RejectConcurrent makes a trigger of a plan with a non-completed run answer 500
	// "currently running" (the OSS behaviour). The SaaS docs allow parallel runs, so
	// that is the default.
	RejectConcurrent bool
	Clock            Clock  // real time when nil
	PublicURL        string // base used in report links; the request's Host when empty

	// Switches that let a test prove the client tolerates the API's undocumented variants.
	PlansAsArray        bool // GET /test_plans answers a plain JSON array, not a Spring page
	EnvironmentsAsArray bool // GET /environments answers a plain JSON array (the SaaS shape is undocumented)
	IgnoreQuery         bool // list endpoints ignore `query`, like a server without that filter
	NoRunsListV1        bool // GET /api/v1/test_runs answers 404, as if absent
	NoRunsListV2        bool // GET /api/v2/test_runs answers 404, as if absent
	// MaxPageSize caps the `size` of a Spring page; 2000 (Spring Data's default cap) when
	// 0. Pages are 20 items when `size` is absent, Spring's default (E24).
	MaxPageSize int

	// StepResultsAt is the one version whose step results answer: "v2" (the current docs
	// since ef09e9e0, 2025-09), "v1" (2025-02 to 2025-09) or "v3" (the first, 2024-05); the
	// others answer 404 (api-evidence row 57, E31). "" is "v2".
	StepResultsAt string

	// NullV2Metrics makes every count of the v2 run's `metrics` JSON null, for a client
	// that must cope when the v2 object is no better than v1's null counts. The one report
	// of this object says it is always populated (spec 8.1.9): this is a guess.
	NullV2Metrics bool

	// The runs listing serves by default what the docs give (revision ad26c61e of
	// api/test-results-at-all-levels.md): items in the v2 run object shape only, oldest
	// first whatever `sort` says, paged by `pageSize` (20 when absent; `size` ignored),
	// pagination {content, page, pageSize, isLast, totalElements}. Each of the next four
	// brings back a guess; all of RichRunsListing, HonourRunsSort and SpringRunsPage
	// together are the listing the emulator served before it followed the docs.
	//
	// RichRunsListing adds status, environmentId, executionConfig, reRunParentId and
	// reRunType to the listing items: guess (api-evidence row 44, E21).
	RichRunsListing bool
	// HonourRunsSort makes the listing honour sort=id,desc (newest first) and read `size`:
	// guess (api-evidence row 41, E22).
	HonourRunsSort bool
	// SpringRunsPage answers the listing as a full Spring page (content, totalElements,
	// last, number, size, ...) instead of the documented pagination: guess (E21).
	SpringRunsPage bool
	// ListingLag keeps a run out of the listing until this long (emulator clock) after it
	// was created: guess (api-evidence row 47, harm 4).
	ListingLag time.Duration
	// IDAboveAnswersEmpty answers any runs-listing query with an `id>` term with an empty
	// page, as a server whose narrowing is broken would: guess.
	IDAboveAnswersEmpty bool
	// PlansWithoutLastRunID drops lastRunId from the items of GET /test_plans, as the docs'
	// listing sample has it; a run's `execution` object keeps it: guess.
	PlansWithoutLastRunID bool

	// `query` is parsed as the OSS does by default (spec 2.7, api-evidence E23): operators
	// : ! > < ~ @ ; and no $, ~ a raw SQL LIKE, a value outside the OSS character set
	// does not narrow, a % the second URL decode cannot read and an unknown key are 500.
	// LenientQuery brings back the emulator's former parser: unknown keys ignored, ~ a
	// case-insensitive and $ a case-sensitive substring: guess (E23).
	LenientQuery bool

	// PlanByID serves GET /api/v1/test_plans/{id}: guess (api-evidence row 50, E25), the
	// route is in no docs, no OSS /api/v1 and no public script. Without it, a 404 as for
	// any unknown route.
	PlanByID bool

	// A stop (PUT with result STOPPED) is by default the OSS one (spec 2.3, api-evidence
	// E11/E12): it stops the plan's non-completed run found by plan id, the OLDEST when
	// several go (findByTestPlanIdAndStatusIsNot returns the first), whatever the path id
	// and canStopAll say; with none going it is a 500 "No Queued executions for test plan
	// - <name>". The answer is the path run. StopByRunID instead reads canStopAll:
	// true (its default, as the docs say) stops every non-completed run of the plan,
	// false exactly the path run: guess (E11).
	StopByRunID bool

	// AutoRerunDelay creates the automatic re-run this long (emulator clock) after its
	// parent completes, so meanwhile the parent reads COMPLETED/FAILURE with childResult
	// null and completed roll-ups: guess (api-evidence rows 28/29, E17). 0 creates it at
	// once, as the OSS synchronous RerunListener does.
	AutoRerunDelay time.Duration
	// RollupsStayAtCreation keeps the v1 roll-ups of a run outside a re-run family at
	// their creation values (consolidatedStatus STATUS_CREATED, consolidatedResult QUEUED)
	// after the run completes: guess. The docs show a plain run's roll-ups only at its
	// creation and after a stop, so a server whose roll-ups lag completion, or never move,
	// is not ruled out.
	RollupsStayAtCreation bool

	// RerunInheritsTarget makes a manual re-run inherit buildNo, environmentId and
	// uploadVersions from the run it re-runs when its body sends none: guess (E19b). By
	// default they come from the re-run body, else the plan's own (none); runtimeData is
	// inherited either way, as the docs say (E19a).
	RerunInheritsTarget bool
	// RerunIgnoresBodyTarget makes a manual re-run ignore the buildNo, environmentId and
	// uploadVersions of its body, as the open-source server takes every run's environment
	// from the plan: a guess about the SaaS. The re-run then shows the plan's own (none),
	// or the parent's with RerunInheritsTarget.
	RerunIgnoresBodyTarget bool
	// RerunParentIsChainEnd sets a manual re-run's reRunParentId to the last run of the
	// named run's chain, as the docs' sample 467 -> 469 may show: guess (E18, row 36).
	RerunParentIsChainEnd bool
	// RerunRefusesBareIterations refuses (500 DTO) a re-run that picks a data-driven case
	// by {id} alone, without iterationReRunType: guess (api-evidence row 35, harm 9).
	RerunRefusesBareIterations bool

	// Environments2023 answers environments in the 2023 docs' shape (`parameters`,
	// `passwords`, `parametersJson`; spec 2.8, audit row 52) instead of `variables[]`.
	// Writes are read in either shape.
	Environments2023 bool
	// KeepOmittedVariables makes a PUT keep the variables its body leaves out. A guess: the
	// docs say only "include only the fields that are being updated" (spec 2.8), and the
	// default replaces the list.
	KeepOmittedVariables bool
	// ScheduleGet serves GET /api/v1/schedule_executions/{id}, which the docs do not list
	// (a guess, spec 2.9; api-evidence.md §4 item 2). Without it the path answers 405.
	ScheduleGet bool
}

// Plan is a test plan and the scenario every run of it follows.
type Plan struct {
	ID   int64
	Name string
	// Phase lengths on the emulator clock, measured from the trigger: a run is
	// STATUS_CREATED for Queued, then STATUS_IN_PROGRESS for Running, then completed.
	Queued, Running time.Duration
	// Alternatively phases advance by GETs of the run: the first QueuedPolls GETs see
	// STATUS_CREATED, the next RunningPolls see STATUS_IN_PROGRESS. A phase ends when
	// either its duration or its poll count is reached; with both zero it is skipped.
	QueuedPolls, RunningPolls int
	// Result is sent verbatim when a first run completes ("SUCCESS", "FAILURE", or a
	// variant such as "PASSED"); "" is sent as JSON null. A re-run's result is the worst of
	// its own cases' (Result again when it has none).
	Result  string
	Message string // final message; the OSS wording for Result when empty
	// NullCounts keeps the v1 counts JSON null even once the run is complete.
	NullCounts bool
	// MovingV1Counts makes the v1 run object carry counts while the run goes: zeros, and
	// with Progressive, counts that move as cases finish. By default they are null until
	// the run completes, as in the 2024 documented samples (api-evidence row 23); that
	// they move is a guess from the OSS, which recomputes them per device (row 24).
	MovingV1Counts bool
	Cases          []Case // the counts are derived from these

	Description          string // "Emulated test plan" when empty
	ApplicationVersionID int64  // 1 when 0
	// ReRunType is the plan's automatic re-run setting as the API reports it: "NONE" when
	// empty, ONLY_FAILED_TESTS when AutoReruns is set. A value other than NONE re-runs a
	// failed run once by itself, as the OSS RerunListener does; ALL_TESTS re-runs every
	// case, anything else only the cases that did not pass.
	ReRunType string
	// AutoReruns 1 is ReRunType ONLY_FAILED_TESTS. More chains up to this many automatic
	// re-runs after a failed first run, each when the attempt before it fails: contradicted
	// (api-evidence E14), the OSS re-runs by itself only a run whose reRunParentId is null.
	AutoReruns int
	// Progressive makes the cases finish one by one during a time-based Running phase, at
	// uneven times drawn from Seed and the run's ordinal in its plan (so each run differs,
	// and a replay is exact), and the run's counts move while it goes (spec 7.5).
	Progressive bool
	Seed        int64
}

// Case is one test-case result of every run of its plan.
type Case struct {
	ID         int64
	Name       string
	Result     string // SUCCESS, FAILURE, ABORTED, NOT_EXECUTED, STOPPED
	SuiteID    int64
	SuiteName  string
	Machine    string // machine title; "Chrome" when empty
	DataDriven bool
	Iterations []Iteration
	// FlakyRuns makes the case end in Result (FAILURE when Result is empty or SUCCESS) in
	// its first FlakyRuns attempts and pass in later ones (re-runs are later attempts).
	FlakyRuns int
	// Steps are the step texts of its step results; four generic steps when empty.
	Steps []string
	// FailStep is the text of the step a failed case fails at. With the generic steps it
	// takes the place of their "Click on Pay now"; with Steps it names one of them (when
	// it names none, the last one fails).
	FailStep string
	// FailMessage is the failing step's message; when empty, the docs' sample "Unable to
	// perform click/check action on element, Element is not displayed."
	FailMessage string
}

// Environment is an item of GET /api/v1/environments (spec 2.8, the 2024+ shape).
type Environment struct {
	ID          int64
	Name        string
	Description string
	Variables   []Variable
}

// Variable is one environment variable. Value is sent as is, also when Encrypted: the
// SaaS sends what it stores, so a test can check that the client never copies it.
type Variable struct {
	ID        int64 // environment id*100 + position when 0
	Key       string
	Value     string
	Encrypted bool
}

// Iteration is one data-set iteration of a data-driven case.
type Iteration struct{ SetName, Result string }

// SavedConfig is an item of GET /api/v1/saved_execution_configs.
type SavedConfig struct {
	ID             int64
	Name           string
	Query          string // raw JSON-in-a-string, as the API sends it
	Type           string // "SAVED_CONFIG" when empty
	Condition      string // "EXCLUDED" when empty
	CreatedByEmail string // "" => createdByUser null
}

// Fault is injected on a route such as "GET /api/v1/execution_results/{id}" ({id}
// matches any id). Faults on the same route queue up: the first live one applies.
type Fault struct {
	Status      int           // answer with this status instead of the real handler
	Body        string        // body for Status; an error DTO when empty
	ContentType string        // application/json when empty
	RetryAfter  string        // Retry-After header value, if any
	Delay       time.Duration // real-clock sleep before answering; ends early if the client goes
	Drop        bool          // close the connection without an answer (a reset)
	// AfterHandle runs the real handler first (state changes happen, e.g. a run IS
	// created) and only then misbehaves: the "ambiguous" failure.
	AfterHandle bool
	// Truncate sends half of the real answer with status 200. It always runs the real
	// handler, since there is nothing to truncate otherwise.
	Truncate bool
	// Patch is a JSON object whose fields replace those of the real (2xx, object) answer,
	// e.g. {"totalCount":"NaN"}: one malformed field in an otherwise good run object.
	Patch        string
	Malformed    string // literal 200 body, used when MalformedSet
	MalformedSet bool
	Times        int // matching requests it applies to; 0 = until cleared
	// EchoKey makes the Status answer echo the request's API key in its body and headers,
	// so a test can prove the client never shows it.
	EchoKey bool
}

// Request is one entry of the request log.
type Request struct {
	Method, Path string // Path without the query string
	Query        string
	Header       http.Header
	Body         []byte
	At           time.Time // emulator clock
	Status       int       // status sent; 0 when dropped or abandoned
}

// RunState is a snapshot of a run.
type RunState struct {
	ID, PlanID    int64
	Status        string
	Result        string // "" when null
	Message       string
	TriggeredType string
	StopRequests  int
	StatusPolls   int       // GETs of this run seen so far
	Started       time.Time // trigger time, on the emulator clock
	Ended         time.Time // completion time; zero until completed

	// The trigger body fields as received; for a re-run, the target it runs with (see
	// Options.RerunInheritsTarget), its body being in Rerun.
	BuildNo        string
	EnvironmentID  *int64
	RuntimeData    map[string]string
	UploadVersions map[string]string
	ConfigID       *int64
	ConfigName     string

	// Rerun is what a manual re-run's POST body carried; nil for any other run.
	Rerun *RerunRequest

	ReRunParentID int64   // the run this one re-runs; 0 for a first run
	ReRunID       int64   // the run that re-runs this one; 0 while there is none
	ReRunType     string  // how a re-run picked its cases; "" for a first run
	CaseIDs       []int64 // the plan's case ids this run covers, in order
}

// RerunRequest is the body of a manual re-run as received (spec 7.1), so a test can
// assert what the client sent for the re-run's target.
type RerunRequest struct {
	ExecutionResultID int64 // the run named
	ReRunType         string
	BuildNo           *string
	EnvironmentID     *int64
	UploadVersions    map[string]string
	RuntimeData       map[string]string
	Cases             []RerunCase // testCaseResultRequests, in order
}

// RerunCase is one entry of testCaseResultRequests.
type RerunCase struct {
	ID                 int64
	IterationReRunType string // "" when not sent
	IterationResultIDs []int64
}
