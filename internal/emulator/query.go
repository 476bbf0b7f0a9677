package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ossCond finds the conditions of a query as the OSS SpecificationHandlerMethodArgumentResolver
// does (spec 2.7, api-evidence E23): the operators are : ! > < ~ @ ; (no $), an optional
// punctuation mark either side of the value (so ":*x*" is "contains"), and a value made
// only of [a-zA-Z_0-9#.\-&\\^()%$\s\p{L}]. A condition whose value holds anything else
// (, : / + ') never matches the pattern, so it does not narrow the listing.
var ossCond = regexp.MustCompile(`(\w+?)([:!><~@;])([[:punct:]]?)([a-zA-Z_0-9#.\-&\\^()%$\s\p{L}]+)([[:punct:]]?),`)

// parseOSSQuery reads raw as the OSS does: after Spring's decode, the whole query is
// URL-decoded a second time (so a "+" is a space and a "%" not followed by two hex
// digits is an error, a 500), then the pattern is found over raw+",".
func parseOSSQuery(raw string) ([]cond, error) {
	dec, err := url.QueryUnescape(raw)
	if err != nil {
		return nil, fmt.Errorf("URLDecoder: Illegal hex characters in escape (%%) pattern - %v", err)
	}
	var out []cond
	for _, m := range ossCond.FindAllStringSubmatch(dec+",", -1) {
		c := cond{key: m[1], op: m[2], value: m[4]}
		pre, suf := m[3] == "*", m[5] == "*"
		switch {
		case c.op != ":":
		case pre && suf:
			c.op = "*contains*"
		case pre:
			c.op = "*endsWith"
		case suf:
			c.op = "startsWith*"
		}
		out = append(out, c)
	}
	return out, nil
}

// holdsOSS is a condition as the OSS BaseSpecification builds it: `~` a raw SQL LIKE
// (only the value's own % and _ are wildcards), ":*x*" a lower-cased contains.
func (c cond) holdsOSS(v string) bool {
	switch c.op {
	case "~":
		return like(v, c.value)
	case "*contains*":
		return strings.Contains(strings.ToLower(v), strings.ToLower(c.value))
	case "*endsWith":
		return strings.HasSuffix(strings.ToLower(v), strings.ToLower(c.value))
	case "startsWith*":
		return strings.HasPrefix(strings.ToLower(v), strings.ToLower(c.value))
	}
	return c.holds(v)
}

// like is SQL LIKE: % any run of characters, _ any one character, the rest literal.
func like(v, pattern string) bool {
	var re strings.Builder
	re.WriteString(`(?s)^`)
	for _, r := range pattern {
		switch r {
		case '%':
			re.WriteString(".*")
		case '_':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString(`$`)
	ok, _ := regexp.MatchString(re.String(), v)
	return ok
}

// ossFilter is the filter of an OSS query: an unknown key, or a value the second decode
// cannot read, is a 500 from the catch-all handler (code null), as BaseSpecification
// throws for a key that is no attribute of the entity.
func (s *Server) ossFilter(w http.ResponseWriter, raw string, probe func(string) (string, bool)) ([]cond, bool) {
	conds, err := parseOSSQuery(raw)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return nil, false
	}
	for _, c := range conds {
		if _, known := probe(c.key); !known {
			msg := "Unable to locate Attribute  with the the given name [" + c.key + "] on this ManagedType"
			writeError(w, http.StatusInternalServerError, msg, nil)
			return nil, false
		}
	}
	return conds, true
}

// field is what the query language sees of a run: the columns of its entity, whatever
// the listing item shows. A nil run answers only whether a key is known.
func (r *run) field(key string) (string, bool) {
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	known := map[string]bool{"id": true, "testPlanId": true, "status": true, "result": true,
		"buildNo": true, "triggeredType": true, "environmentId": true, "reRunParentId": true}
	if !known[key] || r == nil {
		return "", known[key]
	}
	switch key {
	case "id":
		return strconv.FormatInt(r.id, 10), true
	case "testPlanId":
		return strconv.FormatInt(r.plan.ID, 10), true
	case "status":
		return statusNames[r.phase], true
	case "result":
		return deref(r.result()), true
	case "buildNo":
		return deref(r.buildNo), true
	case "triggeredType":
		return r.triggeredType, true
	case "environmentId":
		return opt(r.envID), true
	}
	if r.parent == nil {
		return "", true
	}
	return strconv.FormatInt(r.parent.id, 10), true
}
