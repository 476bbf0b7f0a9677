package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

const msgCurrentlyRunning = "The specified Test Plan is currently running. Please wait until the current Test Plan is complete. You may also use Testsigma Test Plan Status Check API to wait for the current Test Plan to complete. More details - https://testsigma.com/docs/continuous-integration/rest-api/"

// errUnreadable stands for Jackson's HttpMessageNotReadableException: a 400 with an
// empty body, whatever the cause.
var errUnreadable = errors.New("unreadable body")

type triggerRequest struct {
	ExecutionID     json.RawMessage `json:"executionId"`
	BuildNo         json.RawMessage `json:"buildNo"`
	EnvironmentID   json.RawMessage `json:"environmentId"`
	RuntimeData     json.RawMessage `json:"runtimeData"`
	ExecutionConfig json.RawMessage `json:"executionConfig"`
	UploadVersions  json.RawMessage `json:"uploadVersions"`

	IsReRun                json.RawMessage `json:"isReRun"`
	ExecutionResultID      json.RawMessage `json:"executionResultId"`
	ReRunType              json.RawMessage `json:"reRunType"`
	TestCaseResultRequests json.RawMessage `json:"testCaseResultRequests"`
}

type trigger struct {
	planID, envID, configID *int64
	buildNo                 *string
	configName              string
	runtimeData, uploads    map[string]string

	rerun     bool
	parentID  *int64
	rerunType string
	picks     []int64 // testCaseResultRequests[].id
	pickReqs  []RerunCase
}

func parseTrigger(body []byte) (trigger, error) {
	var req triggerRequest
	var t trigger
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &req) != nil {
		return t, errUnreadable
	}
	var errs [6]error
	t.planID, errs[0] = scalarID(req.ExecutionID)
	t.buildNo, errs[1] = scalarString(req.BuildNo)
	t.envID, errs[2] = scalarID(req.EnvironmentID)
	t.runtimeData, errs[3] = stringMap(req.RuntimeData)
	t.uploads, errs[4] = stringMap(req.UploadVersions)
	if isPresent(req.ExecutionConfig) {
		var cfg struct {
			ID   json.RawMessage `json:"id"`
			Name *string         `json:"name"`
		}
		if errs[5] = json.Unmarshal(req.ExecutionConfig, &cfg); errs[5] == nil {
			t.configID, errs[5] = scalarID(cfg.ID)
			if cfg.Name != nil {
				t.configName = *cfg.Name
			}
		}
	}
	if errors.Join(errs[:]...) != nil || parseRerun(req, &t) != nil {
		return t, errUnreadable
	}
	return t, nil
}

// parseRerun reads the manual re-run fields (spec 7.1), coerced as Jackson would.
func parseRerun(req triggerRequest, t *trigger) error {
	flag, err := scalarString(req.IsReRun)
	if err != nil {
		return err
	}
	t.rerun = flag != nil && strings.EqualFold(*flag, "true")
	if t.parentID, err = scalarID(req.ExecutionResultID); err != nil {
		return err
	}
	typ, err := scalarString(req.ReRunType)
	if err != nil {
		return err
	}
	t.rerunType = deref(typ)
	if !isPresent(req.TestCaseResultRequests) {
		return nil
	}
	var picks []struct {
		ID                 json.RawMessage `json:"id"`
		IterationReRunType *string         `json:"iterationReRunType"`
		IterationResultIDs []int64         `json:"iterationResultIds"`
	}
	if err := json.Unmarshal(req.TestCaseResultRequests, &picks); err != nil {
		return err
	}
	for _, p := range picks {
		id, err := scalarID(p.ID)
		if err != nil {
			return err
		}
		if id != nil {
			t.picks = append(t.picks, *id)
			t.pickReqs = append(t.pickReqs, RerunCase{ID: *id,
				IterationReRunType: deref(p.IterationReRunType), IterationResultIDs: p.IterationResultIDs})
		}
	}
	return nil
}

// trigger is POST /api/v1/execution_results (spec 2.1).
func (s *Server) trigger(w http.ResponseWriter, body []byte) {
	t, err := parseTrigger(body)
	if err != nil {
		writeRaw(w, http.StatusBadRequest, "", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	if t.rerun {
		s.rerun(w, t)
		return
	}
	if t.planID == nil {
		writeError(w, http.StatusInternalServerError, "The given id must not be null!", nil)
		return
	}
	p, ok := s.plans[*t.planID]
	if !ok {
		msg := fmt.Sprintf("Could not find resource with id:%d", *t.planID)
		writeError(w, http.StatusInternalServerError, msg, &msg)
		return
	}
	// The SaaS error for an unknown config is undocumented: status and wording are a guess
	// (api-evidence E3).
	if t.configID != nil || t.configName != "" {
		if !s.configExists(t.configID, t.configName) {
			what := t.configName
			if t.configID != nil {
				what = strconv.FormatInt(*t.configID, 10)
			}
			msg := "Saved execution config not found: " + what
			writeError(w, http.StatusInternalServerError, msg, &msg)
			return
		}
	}
	if s.opts.RejectConcurrent && s.planBusy(p.ID) {
		msg := msgCurrentlyRunning
		writeError(w, http.StatusInternalServerError, msg, &msg)
		return
	}
	// Any environmentId is accepted: nothing documents the answer to an unknown one (E4).
	r := s.newRun(p, "API")
	r.buildNo, r.envID, r.runtimeData, r.uploadVersions = t.buildNo, t.envID, t.runtimeData, t.uploads
	r.configID, r.configName = t.configID, t.configName
	// The trigger answers before anything has run: always the created snapshot.
	writeJSON(w, s.runObject(r, false))
}

// planBusy reports whether the plan has a non-completed run; runs are advanced. Caller
// holds mu.
func (s *Server) planBusy(planID int64) bool {
	for _, o := range s.runs {
		if o.plan.ID == planID && !o.completed() {
			return true
		}
	}
	return false
}

// configExists matches by id when one is given (open question 14), else by name.
// Caller holds mu.
func (s *Server) configExists(id *int64, name string) bool {
	for _, c := range s.configs {
		if (id != nil && c.ID == *id) || (id == nil && c.Name == name) {
			return true
		}
	}
	return false
}

func isPresent(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}

// scalarID accepts a JSON number or numeric string, as Jackson coerces into a Long; an
// empty string is null.
func scalarID(raw json.RawMessage) (*int64, error) {
	if !isPresent(raw) {
		return nil, nil
	}
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, err
		}
		if text = strings.TrimSpace(text); text == "" {
			return nil, nil
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// scalarString accepts any JSON scalar, since Jackson coerces numbers (the shell
// scripts' unquoted buildNo) and booleans into a String.
func scalarString(raw json.RawMessage) (*string, error) {
	if !isPresent(raw) {
		return nil, nil
	}
	switch raw[0] {
	case '{', '[':
		return nil, errUnreadable
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return &s, nil
	}
	return strp(string(raw)), nil
}

// stringMap decodes an object; scalar values keep their text, nested ones their JSON.
func stringMap(raw json.RawMessage) (map[string]string, error) {
	if !isPresent(raw) {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, err := scalarString(v); err == nil && s != nil {
			out[k] = *s
		} else {
			out[k] = string(v)
		}
	}
	return out, nil
}
