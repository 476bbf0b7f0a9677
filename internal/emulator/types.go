package emulator

import (
	"net/http"
	"time"
)

// Clock lets tests and benchmarks drive run progression on simulated time.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Options configure a Server.
type Options struct {
	APIKey string // accepted key; "emulator-key" when empty
	// RejectConcurrent makes a trigger of a plan with a non-completed run answer 500
	// "currently running" (the OSS behaviour). The SaaS docs allow parallel runs, so
	// that is the default.
	RejectConcurrent bool
	Clock            Clock  // real time when nil
	PublicURL        string // base used in report links; the request's Host when empty
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
	// Result is sent verbatim at completion ("SUCCESS", "FAILURE", or a variant such as
	// "PASSED"); "" is sent as JSON null.
	Result     string
	Message    string // final message; the OSS wording for Result when empty
	NullCounts bool   // counts are JSON null, as in the 2024 SaaS sample
	Cases      []Case // the counts are derived from these
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
	Truncate     bool
	Malformed    string // literal 200 body, used when MalformedSet
	MalformedSet bool
	Times        int // matching requests it applies to; 0 = until cleared
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

	// The trigger body fields as received.
	BuildNo        string
	EnvironmentID  *int64
	RuntimeData    map[string]string
	UploadVersions map[string]string
	ConfigID       *int64
	ConfigName     string
}
