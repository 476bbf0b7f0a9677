package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
)

// Environment is a Testsigma environment (spec 2.8, 7.3). An encrypted variable carries
// its key only: its value is never decoded, so it cannot leak from here.
type Environment struct {
	ID          int64
	Name        string
	Description string
	ProjectID   int64                 // 0 when the answer names none
	Variables   []EnvironmentVariable // ordered by key
}

// EnvironmentVariable is one variable of an environment. Value is set only when the
// variable is not encrypted.
type EnvironmentVariable struct {
	ID        int64 // 0 in the 2023 shape, which has no variable ids
	Key       string
	Value     string
	Encrypted bool
}

// wireEnvironment accepts both documented shapes: variables[] (2024+) and the 2023
// parameters object with the names of its encrypted entries in passwords. Values stay raw
// until environment() has seen whether they are encrypted.
type wireEnvironment struct {
	ID          flexInt    `json:"id"`
	Name        flexString `json:"name"`
	Description flexString `json:"description"`
	ProjectID   flexInt    `json:"projectId"`
	Variables   []struct {
		ID          flexInt         `json:"id"`
		Key         flexString      `json:"key"`
		Value       json.RawMessage `json:"value"`
		IsEncrypted *bool           `json:"isEncrypted"`
		ProjectID   flexInt         `json:"projectId"`
	} `json:"variables"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Passwords  []flexString               `json:"passwords"`
}

// plainValue decodes a variable's value; only ever called for one that is not encrypted.
func plainValue(raw json.RawMessage) string {
	var v flexString
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return string(v)
}

func (w wireEnvironment) environment() Environment {
	e := Environment{ID: w.ID.Value, Name: safeText(string(w.Name), maxNameChars), Description: string(w.Description), ProjectID: w.ProjectID.Value, Variables: []EnvironmentVariable{}}
	seen := map[string]bool{}
	for _, v := range w.Variables {
		k := string(v.Key)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		ev := EnvironmentVariable{ID: v.ID.Value, Key: k, Encrypted: v.IsEncrypted != nil && *v.IsEncrypted}
		if !ev.Encrypted {
			ev.Value = plainValue(v.Value)
		}
		e.Variables = append(e.Variables, ev)
		if e.ProjectID == 0 {
			e.ProjectID = v.ProjectID.Value
		}
	}
	secret := map[string]bool{}
	for _, p := range w.Passwords {
		secret[string(p)] = true
	}
	for k, raw := range w.Parameters {
		if !seen[k] {
			seen[k] = true
			ev := EnvironmentVariable{Key: k, Encrypted: secret[k]}
			if !ev.Encrypted {
				ev.Value = plainValue(raw)
			}
			e.Variables = append(e.Variables, ev)
		}
	}
	// Map order is random and the API's order is not promised: sorted, a refresh never
	// shows a change that is only a reordering.
	sort.Slice(e.Variables, func(i, j int) bool { return e.Variables[i].Key < e.Variables[j].Key })
	return e
}

func environmentKey(e Environment) (int64, string) { return e.ID, e.Name }

// Environments finds the environments named exactly name; the listing may be a Spring page
// or a plain array (see findByName).
func (c *Client) Environments(ctx context.Context, name string) (Lookup[Environment], error) {
	return findByName(ctx, c, "/environments", name, wireEnvironment.environment, environmentKey)
}

// Environment reads one environment by id; 404 when there is none. The data source and
// the resource both read through here.
func (c *Client) Environment(ctx context.Context, id int64) (Environment, error) {
	return c.environmentCall(ctx, call{method: http.MethodGet, path: "/environments/" + itoa(id), retry: retryIdempotent}, id)
}

// EnvironmentInput is the body of a create or an update. A nil field is left out: "The
// Request Body should include only the fields that are being updated or created" (docs).
type EnvironmentInput struct {
	Name, Description *string
	ProjectID         *int64
	Variables         *[]VariableInput
}

// VariableInput is one variable sent; ID 0 is a new one.
type VariableInput struct {
	ID        int64
	Key       string
	Value     string
	Encrypted bool
}

type wireEnvironmentInput struct {
	Name        *string           `json:"name,omitempty"`
	Description *string           `json:"description,omitempty"`
	ProjectID   *int64            `json:"projectId,omitempty"`
	Variables   *[]wireVariableIn `json:"variables,omitempty"`
}

type wireVariableIn struct {
	ID          int64  `json:"id,omitempty"`
	Key         string `json:"key"`
	Value       string `json:"value"`
	IsEncrypted bool   `json:"isEncrypted"`
}

func (in EnvironmentInput) wire() wireEnvironmentInput {
	w := wireEnvironmentInput{Name: in.Name, Description: in.Description, ProjectID: in.ProjectID}
	if in.Variables != nil {
		vs := make([]wireVariableIn, 0, len(*in.Variables))
		for _, v := range *in.Variables {
			vs = append(vs, wireVariableIn{ID: v.ID, Key: v.Key, Value: v.Value, IsEncrypted: v.Encrypted})
		}
		w.Variables = &vs
	}
	return w
}

// CreateEnvironment is POST /environments. It is sent again only when it provably never
// left (a lost answer may hide a created environment).
func (c *Client) CreateEnvironment(ctx context.Context, in EnvironmentInput) (Environment, error) {
	e, err := c.environmentCall(ctx, call{method: http.MethodPost, path: "/environments", body: in.wire(), retry: retryUnsent}, 0)
	if err == nil && e.ID == 0 {
		return e, errors.New("the answer to POST /api/v1/environments names no id for the new environment")
	}
	return e, err
}

// UpdateEnvironment is PUT /environments/{id}; its answer is not relied on (the docs show
// none), so the caller reads the environment afterwards.
func (c *Client) UpdateEnvironment(ctx context.Context, id int64, in EnvironmentInput) error {
	return c.do(ctx, call{method: http.MethodPut, path: "/environments/" + itoa(id), body: in.wire(), retry: retryIdempotent})
}

// environmentCall is the one decoding path of an environment answer. A body that cannot
// be read is reported without its text: it may hold encrypted values.
func (c *Client) environmentCall(ctx context.Context, cl call, id int64) (Environment, error) {
	var body []byte
	cl.raw = func(_ string, b []byte) { body = b }
	if err := c.do(ctx, cl); err != nil {
		return Environment{}, err
	}
	var w wireEnvironment
	if err := json.Unmarshal(body, &w); err != nil {
		return Environment{}, fmt.Errorf("the answer to %s %s is not an environment (its text is not shown: it may hold encrypted values)", cl.method, fullPath(cl.path))
	}
	e := w.environment()
	if !w.ID.Valid {
		e.ID = id
	}
	return e, nil
}
