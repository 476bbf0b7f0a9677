package testsigma

import (
	"context"
	"net/http"
	"sort"
)

// Environment is a Testsigma environment (spec 2.8, 7.3). Its variables carry their keys
// only: values are never decoded, so an encrypted one cannot leak from here.
type Environment struct {
	ID          int64
	Name        string
	Description string
	Variables   []EnvironmentVariable // ordered by key
}

// EnvironmentVariable is one variable of an environment, without its value.
type EnvironmentVariable struct {
	Key       string
	Encrypted bool
}

// wireEnvironment accepts both documented shapes: variables[] (2024+) and the 2023
// parameters object with the names of its encrypted entries in passwords. No field holds
// a value.
type wireEnvironment struct {
	ID          flexInt    `json:"id"`
	Name        flexString `json:"name"`
	Description flexString `json:"description"`
	Variables   []struct {
		Key         flexString `json:"key"`
		IsEncrypted *bool      `json:"isEncrypted"`
	} `json:"variables"`
	Parameters map[string]discard `json:"parameters"`
	Passwords  []flexString       `json:"passwords"`
}

// discard reads any JSON value and keeps nothing of it: a parameter's value is skipped.
type discard struct{}

func (*discard) UnmarshalJSON([]byte) error { return nil }

func (w wireEnvironment) environment() Environment {
	e := Environment{ID: w.ID.Value, Name: string(w.Name), Description: string(w.Description), Variables: []EnvironmentVariable{}}
	seen := map[string]bool{}
	for _, v := range w.Variables {
		if k := string(v.Key); k != "" && !seen[k] {
			seen[k] = true
			e.Variables = append(e.Variables, EnvironmentVariable{Key: k, Encrypted: v.IsEncrypted != nil && *v.IsEncrypted})
		}
	}
	secret := map[string]bool{}
	for _, p := range w.Passwords {
		secret[string(p)] = true
	}
	for k := range w.Parameters {
		if !seen[k] {
			seen[k] = true
			e.Variables = append(e.Variables, EnvironmentVariable{Key: k, Encrypted: secret[k]})
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

// Environment reads one environment by id; 404 when there is none.
func (c *Client) Environment(ctx context.Context, id int64) (Environment, error) {
	var w wireEnvironment
	if err := c.do(ctx, call{method: http.MethodGet, path: "/environments/" + itoa(id), retry: retryIdempotent, out: &w}); err != nil {
		return Environment{}, err
	}
	e := w.environment()
	if !w.ID.Valid {
		e.ID = id
	}
	return e, nil
}
