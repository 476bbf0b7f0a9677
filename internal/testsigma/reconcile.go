package testsigma

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Reconciliation: a trigger whose answer is ambiguous (see mayHaveStarted) may have made a
// run nobody knows the id of. Before anything else the client looks for it among the plan's
// runs; only a run that is provably the one asked for is adopted.
const (
	// clockSkew is how far the server's clock may be behind this machine's.
	clockSkew = 2 * time.Minute
	// recheckEvery and rechecks bound the look for a run the server may still be creating.
	recheckEvery = 2 * time.Second
	rechecks     = 3
)

type wireRunItem struct {
	wireRun
	TestPlanID      flexInt `json:"testPlanId"`
	TriggeredType   string  `json:"triggeredType"`
	ExecutionConfig *struct {
		ID   flexInt    `json:"id"`
		Name flexString `json:"name"`
	} `json:"executionConfig"`
}

// candidate is a run the listing shows, with what is needed to tell whether it is ours.
type candidate struct {
	run           Run
	triggeredType string
	configID      int64
	configName    string
	rerun         bool
}

// plansRuns lists the newest runs of a plan: the v2 listing, else v1, else the plan's
// lastRunId (spec 7.2). It errs only when none of them can be read.
func (c *Client) plansRuns(ctx context.Context, testPlanID int64) ([]candidate, error) {
	q := url.Values{"query": {fmt.Sprintf("testPlanId:%d", testPlanID)}, "sort": {"id,desc"}, "size": {"20"}}.Encode()
	var err error
	for _, path := range []string{"/api/v2/test_runs?" + q, "/test_runs?" + q} {
		var items wireList[wireRunItem]
		if err = c.do(ctx, call{method: http.MethodGet, path: path, retry: retryIdempotent, out: &items}); err == nil {
			out := make([]candidate, 0, len(items.Items))
			for _, it := range items.Items {
				out = append(out, it.candidate())
			}
			return out, nil
		}
	}
	var plan struct {
		LastRunID flexInt `json:"lastRunId"`
	}
	if perr := c.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf("/test_plans/%d", testPlanID), retry: retryIdempotent, out: &plan}); perr != nil {
		return nil, fmt.Errorf("the plan's runs cannot be listed (%v), nor the plan read (%v)", err, perr)
	}
	if !plan.LastRunID.Valid {
		return nil, nil
	}
	run, rerr := c.GetRun(ctx, plan.LastRunID.Value)
	if rerr != nil {
		return nil, rerr
	}
	return []candidate{{run: run, triggeredType: "API"}}, nil
}

func (it wireRunItem) candidate() candidate {
	run := it.toRun()
	if run.TestPlanID == 0 {
		run.TestPlanID = it.TestPlanID.Value
	}
	cd := candidate{run: run, triggeredType: strings.ToUpper(strings.TrimSpace(it.TriggeredType)), rerun: it.ReRunParentID.Valid}
	if it.ExecutionConfig != nil {
		cd.configID, cd.configName = it.ExecutionConfig.ID.Value, string(it.ExecutionConfig.Name)
	}
	return cd
}

// matches: the run is of the plan, started by the API after sentAt (allowing for clock
// skew), with the build number, environment and config asked for, and no re-run.
func (cd candidate) matches(req TriggerRequest, sentAt time.Time) bool {
	r := cd.run
	switch {
	case r.TestPlanID != req.TestPlanID, cd.rerun:
		return false
	case cd.triggeredType != "" && cd.triggeredType != "API":
		return false
	case r.StartedAt != nil && r.StartedAt.Before(sentAt.Add(-clockSkew)):
		return false
	case r.BuildNumber != req.BuildNumber:
		return false
	case req.EnvironmentID != nil && (r.EnvironmentID == nil || *r.EnvironmentID != *req.EnvironmentID):
		return false
	}
	if cfg := req.Config; cfg != nil && (cd.configID != 0 || cd.configName != "") {
		if cfg.ID != nil && cd.configID != *cfg.ID || cfg.Name != "" && cd.configName != cfg.Name {
			return false
		}
	}
	return true
}

// reconcile looks for the run an ambiguous trigger may have made, a few times over a few
// seconds (the server may still be creating it). It returns the matching runs nobody in this
// process has claimed; an error when the runs cannot be looked at.
func (c *Client) reconcile(ctx context.Context, req TriggerRequest, sentAt time.Time) ([]Run, error) {
	for i := 0; ; i++ {
		cands, err := c.plansRuns(ctx, req.TestPlanID)
		if err != nil {
			return nil, err
		}
		var found []Run
		for _, cd := range cands {
			if cd.matches(req, sentAt) && !c.claims.has(cd.run.ID) {
				found = append(found, cd.run)
			}
		}
		if len(found) > 0 || i+1 >= rechecks {
			return found, nil
		}
		if err := sleep(ctx, c.opts.Clock, recheckEvery); err != nil {
			return nil, err
		}
	}
}
