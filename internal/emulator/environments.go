package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

type envEntry struct {
	Environment
	created time.Time
}

type envJSON struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	ProjectID      int64     `json:"projectId"`
	CreatedByID    int64     `json:"createdById"`
	UpdatedByID    int64     `json:"updatedById"`
	CreatedDate    int64     `json:"createdDate"`
	UpdatedDate    int64     `json:"updatedDate"`
	CreatedAtEpoch int64     `json:"createdAtEpoch"`
	UpdatedAtEpoch int64     `json:"updatedAtEpoch"`
	Variables      []varJSON `json:"variables"`
}

type varJSON struct {
	ID             int64  `json:"id"`
	Key            string `json:"key"`
	Value          string `json:"value"`
	IsEncrypted    bool   `json:"isEncrypted"`
	ProjectID      int64  `json:"projectId"`
	IsDefault      bool   `json:"isDefault"`
	CreatedDate    int64  `json:"createdDate"`
	UpdatedDate    int64  `json:"updatedDate"`
	CreatedAtEpoch int64  `json:"createdAtEpoch"`
	UpdatedAtEpoch int64  `json:"updatedAtEpoch"`
}

const projectID = 1 // the emulator's only project

// AddEnvironment adds or replaces an environment.
func (s *Server) AddEnvironment(e Environment) {
	e.Variables = append([]Variable(nil), e.Variables...)
	for i := range e.Variables {
		if e.Variables[i].ID == 0 {
			e.Variables[i].ID = e.ID*100 + int64(i) + 1
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.envs[e.ID] = &envEntry{Environment: e, created: s.clock.Now()}
}

func (e *envEntry) object() envJSON {
	at := ms(e.created)
	out := envJSON{
		ID: e.ID, Name: e.Name, Description: e.Description, ProjectID: projectID,
		CreatedByID: executedBy, UpdatedByID: executedBy, CreatedDate: at, UpdatedDate: at,
		CreatedAtEpoch: at, UpdatedAtEpoch: at, Variables: []varJSON{},
	}
	for _, v := range e.Variables {
		out.Variables = append(out.Variables, varJSON{
			ID: v.ID, Key: v.Key, Value: v.Value, IsEncrypted: v.Encrypted, ProjectID: projectID,
			CreatedDate: at, UpdatedDate: at, CreatedAtEpoch: at, UpdatedAtEpoch: at,
		})
	}
	return out
}

func (e envJSON) field(key string) (string, bool) {
	switch key {
	case "id":
		return strconv.FormatInt(e.ID, 10), true
	case "name":
		return e.Name, true
	}
	return "", false
}

// listEnvironments is GET /api/v1/environments (spec 2.8, 7.3): a page as the OSS
// answers, or a plain array, the other shape the SaaS may use.
func (s *Server) listEnvironments(w http.ResponseWriter, q request) {
	keep, ok := s.queryFilter(w, q, envJSON{}.field)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.envs))
	for id := range s.envs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := []envJSON{}
	for _, id := range ids {
		if e := s.envs[id].object(); keep(e.field) {
			out = append(out, e)
		}
	}
	writeList(w, q, out, s.opts.EnvironmentsAsArray, 20, s.maxPageSize())
}

// getEnvironment is GET /api/v1/environments/{id}; 404 in the OSS wording when unknown.
func (s *Server) getEnvironment(w http.ResponseWriter, q request) {
	id, ok := parseID(w, q.ids[0])
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.envs[id]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Test Data Not Found with id: %d", id), strp("0"))
		return
	}
	writeJSON(w, e.object())
}
