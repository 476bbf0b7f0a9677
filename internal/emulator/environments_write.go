package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

// envWrite is the body of POST and PUT /api/v1/environments[/{id}] in both documented
// shapes: variables[] (docs 2024+, api/environments.md) and the 2023 revision's parameters
// object with the names of its encrypted entries in passwords (spec 2.8).
type envWrite struct {
	Name        json.RawMessage `json:"name"`
	Description json.RawMessage `json:"description"`
	Variables   *[]struct {
		ID          json.RawMessage `json:"id"` // the docs' PUT sample sends it as a string
		Key         string          `json:"key"`
		Value       json.RawMessage `json:"value"`
		IsEncrypted bool            `json:"isEncrypted"`
	} `json:"variables"`
	Parameters *map[string]json.RawMessage `json:"parameters"`
	Passwords  []string                    `json:"passwords"`
}

// variables is the body's variable list in either shape; ok is false when the body names
// none (a PUT then leaves them as they are: the OSS merge ignores what is absent).
func (b envWrite) variables() (vars []Variable, ok bool, err error) {
	if b.Variables != nil {
		for _, v := range *b.Variables {
			id, err := scalarID(v.ID)
			if err != nil {
				return nil, false, err
			}
			val, err := scalarString(v.Value)
			if err != nil {
				return nil, false, err
			}
			nv := Variable{Key: v.Key, Encrypted: v.IsEncrypted}
			if id != nil {
				nv.ID = *id
			}
			if val != nil {
				nv.Value = *val
			}
			vars = append(vars, nv)
		}
		return vars, true, nil
	}
	if b.Parameters == nil {
		return nil, false, nil
	}
	keys := make([]string, 0, len(*b.Parameters))
	for k := range *b.Parameters {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		val, err := scalarString((*b.Parameters)[k])
		if err != nil {
			return nil, false, err
		}
		nv := Variable{Key: k, Encrypted: slices.Contains(b.Passwords, k)}
		if val != nil {
			nv.Value = *val
		}
		vars = append(vars, nv)
	}
	return vars, true, nil
}

func parseEnvWrite(body []byte) (envWrite, []Variable, bool, bool) {
	var b envWrite
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &b) != nil {
		return b, nil, false, false
	}
	vars, has, err := b.variables()
	return b, vars, has, err == nil
}

// environmentsRoot is /api/v1/environments: the listing, and POST to create (201, as the
// OSS EnvironmentsController answers; the SaaS docs show no status code).
func (s *Server) environmentsRoot(w http.ResponseWriter, q request) {
	if q.Method == http.MethodGet {
		s.listEnvironments(w, q)
		return
	}
	b, vars, _, ok := parseEnvWrite(q.body)
	name, _ := scalarString(b.Name)
	if !ok {
		writeRaw(w, http.StatusBadRequest, "", "")
		return
	}
	if name == nil || *name == "" {
		// Bean validation of a missing name; the wording is ours.
		writeError(w, http.StatusBadRequest, "name must not be blank", nil)
		return
	}
	desc, _ := scalarString(b.Description)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.envNameTaken(*name, 0) {
		writeError(w, http.StatusUnprocessableEntity, "Entity with same name already exists, Please use different name", nil)
		return
	}
	var id int64 = 1
	for k := range s.envs {
		id = max(id, k+1)
	}
	e := &envEntry{Environment: Environment{ID: id, Name: *name}, created: s.clock.Now()}
	if desc != nil {
		e.Description = *desc
	}
	e.setVariables(vars, s.opts.KeepOmittedVariables)
	s.envs[id] = e
	s.writeEnv(w, http.StatusCreated, e)
}

// environmentByID is /api/v1/environments/{id}: GET, and PUT to update (202, as the OSS
// answers). The merge ignores absent and null fields, as the OSS mapper does.
func (s *Server) environmentByID(w http.ResponseWriter, q request) {
	if q.Method == http.MethodGet {
		s.getEnvironment(w, q)
		return
	}
	id, ok := parseID(w, q.ids[0])
	if !ok {
		return
	}
	b, vars, hasVars, ok := parseEnvWrite(q.body)
	if !ok {
		writeRaw(w, http.StatusBadRequest, "", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, found := s.envs[id]
	if !found {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Test Data Not Found with id: %d", id), strp("0"))
		return
	}
	if name, _ := scalarString(b.Name); name != nil && *name != "" {
		if s.envNameTaken(*name, id) {
			writeError(w, http.StatusUnprocessableEntity, "Entity with same name already exists, Please use different name", nil)
			return
		}
		e.Name = *name
	}
	if desc, _ := scalarString(b.Description); desc != nil {
		e.Description = *desc
	}
	if hasVars {
		e.setVariables(vars, s.opts.KeepOmittedVariables)
	}
	e.updated = s.clock.Now()
	s.writeEnv(w, http.StatusAccepted, e)
}

// setVariables puts the body's list in place of the stored one: a variable with a known id
// or key keeps its id. Replacing the whole list is our reading of "include only the fields
// that are being updated" [I]; keepOmitted keeps the variables the body leaves out instead.
func (e *envEntry) setVariables(vars []Variable, keepOmitted bool) {
	old := map[string]Variable{}
	for _, v := range e.Variables {
		old[v.Key] = v
	}
	next := []Variable{}
	for _, v := range vars {
		if v.Key == "" {
			continue
		}
		if o, ok := old[v.Key]; ok && v.ID == 0 {
			v.ID = o.ID
		}
		delete(old, v.Key)
		next = append(next, v)
	}
	if keepOmitted {
		for _, v := range e.Variables {
			if _, ok := old[v.Key]; ok {
				next = append(next, v)
			}
		}
	}
	used := map[int64]bool{}
	for _, v := range next {
		used[v.ID] = true
	}
	for i := range next {
		for n := int64(len(next)); next[i].ID == 0; n++ {
			if cand := e.ID*100 + n + 1; !used[cand] {
				next[i].ID, used[cand] = cand, true
			}
		}
	}
	e.Variables = next
}

func (s *Server) envNameTaken(name string, except int64) bool {
	for id, e := range s.envs {
		if id != except && e.Name == name {
			return true
		}
	}
	return false
}

func (s *Server) writeEnv(w http.ResponseWriter, status int, e *envEntry) {
	b, err := json.Marshal(s.envObject(e))
	if err != nil {
		panic(err)
	}
	writeRaw(w, status, "application/json", string(b))
}

// envObject renders an environment in the shape the options ask for.
func (s *Server) envObject(e *envEntry) any {
	if !s.opts.Environments2023 {
		return e.object()
	}
	params, passwords := map[string]string{}, []string{}
	for _, v := range e.Variables {
		params[v.Key] = v.Value
		if v.Encrypted {
			passwords = append(passwords, v.Key)
		}
	}
	j, _ := json.Marshal(params)
	return env2023JSON{ID: e.ID, Name: e.Name, Description: e.Description, CreatedByID: executedBy, UpdatedByID: executedBy,
		ProjectID: projectID, Parameters: params, Passwords: passwords, ParametersJSON: string(j)}
}

type env2023JSON struct {
	ID             int64             `json:"id"`
	Name           string            `json:"name"`
	Description    string            `json:"description"`
	CreatedByID    int64             `json:"createdById"`
	UpdatedByID    int64             `json:"updatedById"`
	ProjectID      int64             `json:"projectId"`
	Parameters     map[string]string `json:"parameters"`
	Passwords      []string          `json:"passwords"`
	ParametersJSON string            `json:"parametersJson"`
}

// StoredEnvironment returns what the emulator holds for an environment, encrypted values
// included, so a test can check what the client sent.
func (s *Server) StoredEnvironment(id int64) (Environment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.envs[id]
	if !ok {
		return Environment{}, false
	}
	out := e.Environment
	out.Variables = append([]Variable(nil), e.Variables...)
	return out, true
}
