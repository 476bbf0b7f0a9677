package testsigma

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// SavedConfig is a saved execution config ("Test Plan Favourite").
type SavedConfig struct {
	ID             int64
	Name           string
	Type           string
	Condition      string
	QueryJSON      string      // the raw string, as the API sends it
	Query          []QueryTerm // parsed; nil when QueryJSON does not parse (kept raw, not an error)
	CreatedByEmail string
}

// QueryTerm is one filter of a saved config's query.
type QueryTerm struct {
	Key       string
	Values    []int64
	Operation string
}

type wireSavedConfig struct {
	ID        flexInt    `json:"id"`
	Name      flexString `json:"name"`
	Query     flexString `json:"query"`
	Type      flexString `json:"executionConfigType"`
	Condition flexString `json:"executionConfigCondition"`
	CreatedBy *struct {
		Email flexString `json:"email"`
	} `json:"createdByUser"`
}

// SavedConfigs lists every saved execution config of the account.
func (c *Client) SavedConfigs(ctx context.Context) ([]SavedConfig, error) {
	var w []wireSavedConfig
	if err := c.do(ctx, call{method: http.MethodGet, path: "/saved_execution_configs", retry: retryIdempotent, out: &w}); err != nil {
		return nil, err
	}
	out := make([]SavedConfig, 0, len(w))
	for _, wc := range w {
		sc := SavedConfig{ID: wc.ID.Value, Name: string(wc.Name), Type: string(wc.Type), Condition: string(wc.Condition), QueryJSON: string(wc.Query)}
		if wc.CreatedBy != nil {
			sc.CreatedByEmail = string(wc.CreatedBy.Email)
		}
		if q, err := parseQuery(sc.QueryJSON); err == nil {
			sc.Query = q
		}
		out = append(out, sc)
	}
	return out, nil
}

// parseQuery reads the JSON array a saved config carries inside a string, e.g.
// [{"key":"suiteId","value":[114],"operation":"NOT_IN"}]. Values may be numbers, numeric
// strings, or a single value; the key may be "value" or "values".
func parseQuery(raw string) ([]QueryTerm, error) {
	var items []struct {
		Key       flexString      `json:"key"`
		Value     json.RawMessage `json:"value"`
		Values    json.RawMessage `json:"values"`
		Operation flexString      `json:"operation"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(raw)), &items); err != nil {
		return nil, describeJSONError(err)
	}
	terms := make([]QueryTerm, 0, len(items))
	for _, it := range items {
		vals := it.Value
		if len(vals) == 0 {
			vals = it.Values
		}
		ints, err := flexInts(vals)
		if err != nil {
			return nil, err
		}
		terms = append(terms, QueryTerm{Key: string(it.Key), Values: ints, Operation: string(it.Operation)})
	}
	return terms, nil
}

func flexInts(raw json.RawMessage) ([]int64, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return []int64{}, nil
	}
	var many []flexInt
	if err := json.Unmarshal(raw, &many); err != nil {
		var one flexInt
		if err1 := json.Unmarshal(raw, &one); err1 != nil {
			return nil, describeJSONError(err)
		}
		many = []flexInt{one}
	}
	out := make([]int64, 0, len(many))
	for _, v := range many {
		if v.Valid {
			out = append(out, v.Value)
		}
	}
	return out, nil
}
