package emulator

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// pageJSON is a Spring Data page (spec 2.7), every field present as Spring sends it.
type pageJSON[T any] struct {
	Content          []T          `json:"content"`
	Pageable         pageableJSON `json:"pageable"`
	TotalElements    int          `json:"totalElements"`
	TotalPages       int          `json:"totalPages"`
	Last             bool         `json:"last"`
	Size             int          `json:"size"`
	Number           int          `json:"number"`
	Sort             sortJSON     `json:"sort"`
	NumberOfElements int          `json:"numberOfElements"`
	First            bool         `json:"first"`
	Empty            bool         `json:"empty"`
}

type sortJSON struct {
	Empty    bool `json:"empty"`
	Sorted   bool `json:"sorted"`
	Unsorted bool `json:"unsorted"`
}

type pageableJSON struct {
	Sort       sortJSON `json:"sort"`
	Offset     int      `json:"offset"`
	PageNumber int      `json:"pageNumber"`
	PageSize   int      `json:"pageSize"`
	Paged      bool     `json:"paged"`
	Unpaged    bool     `json:"unpaged"`
}

// pageOf cuts page number (0-based) of the given size out of items; a page past the end
// is empty, as in Spring.
func pageOf[T any](items []T, number, size int) pageJSON[T] {
	total := len(items)
	from, to := min(number*size, total), min((number+1)*size, total)
	pages := (total + size - 1) / size
	srt := sortJSON{Empty: true, Unsorted: true}
	content := append([]T{}, items[from:to]...)
	return pageJSON[T]{
		Content: content, TotalElements: total, TotalPages: pages, Size: size, Number: number,
		Pageable: pageableJSON{Sort: srt, Offset: number * size, PageNumber: number, PageSize: size, Paged: true},
		Sort:     srt, NumberOfElements: len(content),
		First: number == 0, Last: number >= pages-1, Empty: len(content) == 0,
	}
}

// paging reads `page` and `size` as Spring's resolver does: a bad or negative page is 0,
// a bad or non-positive size the default, a size over the cap the cap.
func paging(q url.Values, def, limit int) (int, int) {
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 0 {
		page = 0
	}
	size, err := strconv.Atoi(q.Get("size"))
	if err != nil || size < 1 {
		size = def
	}
	return page, min(size, limit)
}

func (s *Server) maxPageSize() int {
	if s.opts.MaxPageSize > 0 {
		return s.opts.MaxPageSize
	}
	return 2000
}

// writeList answers the filtered items as a page, or as a plain array (all of them) when
// the server is told to answer in that shape.
func writeList[T any](w http.ResponseWriter, q request, items []T, asArray bool, def, limit int) {
	if asArray {
		writeJSON(w, append([]T{}, items...))
		return
	}
	page, size := paging(q.URL.Query(), def, limit)
	writeJSON(w, pageOf(items, page, size))
}

// cond is one condition of the query language (spec 2.7): key, operator, value.
type cond struct{ key, op, value string }

// condStart finds where each condition begins, so a value may hold ':' or ', ' as names do.
var condStart = regexp.MustCompile(`(?:^|,)(\w+)([:!><~@;$])`)

func parseQuery(raw string) []cond {
	var out []cond
	locs := condStart.FindAllStringSubmatchIndex(raw, -1)
	for i, l := range locs {
		end := len(raw)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		out = append(out, cond{key: raw[l[2]:l[3]], op: raw[l[4]:l[5]], value: raw[l[5]:end]})
	}
	return out
}

// queryFilter is the item filter of the request's `query`. It follows the OSS parser
// (query.go): unknown keys and unreadable values answer 500 on w, and ok is false. With
// LenientQuery it is the former parser: keys probe does not know are ignored, `$` is
// a case-sensitive substring and `~` a case-insensitive one. IgnoreQuery drops the
// filter altogether.
func (s *Server) queryFilter(w http.ResponseWriter, q request, probe func(string) (string, bool)) (func(field func(string) (string, bool)) bool, bool) {
	raw := q.URL.Query().Get("query")
	conds, oss := parseQuery(raw), !s.opts.LenientQuery
	switch {
	case s.opts.IgnoreQuery:
		conds = nil
	case oss:
		var ok bool
		if conds, ok = s.ossFilter(w, raw, probe); !ok {
			return nil, false
		}
	}
	return func(field func(string) (string, bool)) bool {
		for _, c := range conds {
			v, known := field(c.key)
			if known && (oss && !c.holdsOSS(v) || !oss && !c.holds(v)) {
				return false
			}
		}
		return true
	}, true
}

func (c cond) holds(v string) bool {
	switch c.op {
	case ":":
		return same(v, c.value)
	case "!":
		return !same(v, c.value)
	case "@", ";":
		in := false
		for _, x := range strings.Split(c.value, "#") {
			in = in || same(v, x)
		}
		return in == (c.op == "@")
	case "~":
		return strings.Contains(strings.ToLower(v), strings.ToLower(c.value))
	case "$":
		return strings.Contains(v, c.value)
	}
	a, errA := strconv.ParseFloat(v, 64)
	b, errB := strconv.ParseFloat(c.value, 64)
	if errA != nil || errB != nil {
		return c.op == ">" && v > c.value || c.op == "<" && v < c.value
	}
	return c.op == ">" && a > b || c.op == "<" && a < b
}

// same compares as the column would: numbers by value, text exactly.
func same(a, b string) bool {
	x, errX := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	y, errY := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if errX == nil && errY == nil {
		return x == y
	}
	return a == b
}

// parseID is a path id: 400 like Spring's type mismatch when not a number.
func parseID(w http.ResponseWriter, raw string) (int64, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		writeBadID(w, raw)
		return 0, false
	}
	return id, true
}
