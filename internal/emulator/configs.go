package emulator

import (
	"net/http"
	"strings"
)

func (s *Server) savedConfigs(w http.ResponseWriter) {
	type user struct {
		ID                int64   `json:"id"`
		Email             string  `json:"email"`
		FirstName         string  `json:"firstName"`
		LastName          string  `json:"lastName"`
		UserName          string  `json:"userName"`
		Status            string  `json:"status"`
		IsDeleted         bool    `json:"isDeleted"`
		IsAdmin           bool    `json:"isAdmin"`
		IsSuperAdmin      bool    `json:"isSuperAdmin"`
		UserType          string  `json:"userType"`
		IsAPIUser         bool    `json:"isAPIUser"`
		IsCrowdUser       bool    `json:"isCrowdUser"`
		IsMasked          bool    `json:"isMasked"`
		GDPR              any     `json:"gdpr"`
		CreatedDate       int64   `json:"createdDate"`
		UpdatedDate       int64   `json:"updatedDate"`
		CreatedByID       *int64  `json:"createdById"`
		UpdatedByID       *int64  `json:"updatedById"`
		Privileges        []any   `json:"privileges"`
		AuthType          string  `json:"authType"`
		IdentityServiceID *string `json:"identityServiceId"`
	}
	type item struct {
		ID                       int64  `json:"id"`
		Name                     string `json:"name"`
		Query                    string `json:"query"`
		ExecutionConfigType      string `json:"executionConfigType"`
		ExecutionConfigCondition string `json:"executionConfigCondition"`
		CreatedByUser            *user  `json:"createdByUser"`
	}
	s.mu.Lock()
	out := make([]item, 0, len(s.configs))
	for _, c := range s.configs {
		it := item{c.ID, c.Name, c.Query, c.Type, c.Condition, nil}
		if c.CreatedByEmail != "" {
			local, _, _ := strings.Cut(c.CreatedByEmail, "@")
			it.CreatedByUser = &user{
				ID: executedBy, Email: c.CreatedByEmail, FirstName: local, LastName: "Emulated",
				UserName: c.CreatedByEmail, Status: "ACTIVE", UserType: "NORMAL",
				CreatedDate: 1700000000000, UpdatedDate: 1700000000000,
				Privileges: []any{}, AuthType: "PASSWORD",
			}
		}
		out = append(out, it)
	}
	s.mu.Unlock()
	writeJSON(w, out)
}
