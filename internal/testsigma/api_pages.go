package testsigma

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

const (
	// listPageSize is asked for on every page; a server may cap it, which only costs pages.
	listPageSize = 50
	// maxListPages bounds a walk of a listing (1,000 items at the asked size), so a server
	// that pages forever cannot hold a plan hostage.
	maxListPages = 20
	// maxListItems bounds the items a walk keeps, whatever the pages hold: a server that
	// ignores the page size could otherwise answer 20 pages of hundreds of thousands of
	// items each, and fill memory.
	maxListItems = maxListPages * listPageSize
)

// Lookup is what a search by exact name found.
type Lookup[T any] struct {
	Matches []T      // the items named exactly so (case-sensitive), ordered by id
	Names   []string // the distinct names of every item seen, for suggesting close ones
	// Complete is false when the walk stopped at its page bound (or the server would not
	// page): an item may exist that was never seen.
	Complete bool
}

// wireList is a listing answered as a Spring page ({"content": [...], "last": ...}), as the
// v2 results API's documented pagination ({page, pageSize, isLast, totalElements}), or as a
// plain JSON array (spec 2.7, 2.12, 7.3: the SaaS shape of some listings is undocumented).
type wireList[W any] struct {
	Items         []W
	Paged         bool
	Last          *bool
	TotalPages    flexInt
	TotalElements flexInt
	Number        flexInt
}

func (l *wireList[W]) UnmarshalJSON(b []byte) error {
	*l = wireList[W]{}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &l.Items)
	}
	var p struct {
		Content       *[]W    `json:"content"`
		Last          *bool   `json:"last"`
		IsLast        *bool   `json:"isLast"`
		TotalPages    flexInt `json:"totalPages"`
		TotalElements flexInt `json:"totalElements"`
		Number        flexInt `json:"number"`
		Page          flexInt `json:"page"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Content == nil {
		return errors.New("expected a page (an object with content) or a JSON array")
	}
	if p.Last == nil {
		p.Last = p.IsLast
	}
	if !p.Number.Valid {
		p.Number = p.Page
	}
	*l = wireList[W]{Items: *p.Content, Paged: true, Last: p.Last, TotalPages: p.TotalPages, TotalElements: p.TotalElements, Number: p.Number}
	return nil
}

// final reports whether page (0-based) is the last one there is, seen being the items read
// so far, this page's included.
func (l *wireList[W]) final(page, seen int) bool {
	switch {
	case !l.Paged, len(l.Items) == 0:
		return true
	case l.Last != nil:
		return *l.Last
	case l.TotalPages.Valid:
		return int64(page)+1 >= l.TotalPages.Value
	case l.TotalElements.Valid:
		return int64(seen) >= l.TotalElements.Value
	}
	return false // a page that says nothing about its end: ask for the next until one is empty
}

// walk reads a listing page by page, at most maxListPages pages and maxListItems items, or
// the one plain array. query narrows the listing (nil: everything). complete is false when
// it stopped at a bound.
func walk[W any](ctx context.Context, c *Client, path string, query url.Values) (items []W, complete bool, err error) {
	for page := range maxListPages {
		// Spring reads `size`, the v2 results API documents `pageSize`: both are sent.
		q := url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(listPageSize)}, "pageSize": {strconv.Itoa(listPageSize)}}
		for k, v := range query {
			q[k] = v
		}
		var l wireList[W]
		if err := c.do(ctx, call{method: http.MethodGet, path: path + "?" + q.Encode(), retry: retryIdempotent, out: &l}); err != nil {
			return nil, false, err
		}
		// A server that ignores `page` answers its first page again: stop rather than count
		// the same items twice.
		if l.Paged && page > 0 && l.Number.Valid && l.Number.Value != int64(page) {
			return items, false, nil
		}
		items = append(items, l.Items...)
		final := l.final(page, len(items))
		if len(items) > maxListItems {
			return append([]W(nil), items[:maxListItems]...), false, nil
		}
		if final {
			return items, true, nil
		}
	}
	return items, false, nil
}

// findByName looks an item up by exact name. The listing is first narrowed with
// query=name:<name>; as a server may ignore the query, or match it loosely (any case, a
// collation), the name is still compared exactly here. When the narrowed listing has no
// exact match, or the narrowed query fails (see narrowThenWalk), the whole listing is walked:
// the item may be there after all, and the names seen there are what close names are
// suggested from.
func findByName[W any, T any](ctx context.Context, c *Client, path, name string, conv func(W) T, key func(T) (int64, string)) (Lookup[T], error) {
	return narrowThenWalk(ctx, c, path, "name:"+name, func(items []W, complete bool) Lookup[T] {
		return match(items, complete, name, conv, key)
	})
}

// narrowThenWalk reads the listing narrowed by query, and when that finds nothing, or fails
// with anything but an auth error, walks the whole listing (bounded): the query language is
// the server's, and a value it cannot parse (a name with %, a comma or a colon) gets a 400
// or 500 there (api-evidence.md row 51) while the item is in the listing all the same.
func narrowThenWalk[W any, T any](ctx context.Context, c *Client, path, query string, pick func(items []W, complete bool) Lookup[T]) (Lookup[T], error) {
	narrowed, done, err := walk[W](ctx, c, path, url.Values{"query": {query}})
	if IsUnauthorized(err) || ctx.Err() != nil {
		return Lookup[T]{}, err
	}
	if err == nil {
		if l := pick(narrowed, done); len(l.Matches) > 0 {
			return l, nil
		}
	}
	all, done, err := walk[W](ctx, c, path, nil)
	if err != nil {
		return Lookup[T]{}, err
	}
	return pick(all, done), nil
}

func match[W any, T any](items []W, complete bool, name string, conv func(W) T, key func(T) (int64, string)) Lookup[T] {
	l := Lookup[T]{Complete: complete}
	seen, ids := map[string]bool{}, map[int64]bool{}
	for _, w := range items {
		item := conv(w)
		id, n := key(item)
		if ids[id] { // an item that moved to the next page while the walk went on
			continue
		}
		ids[id] = true
		if SameText(n, name) && id > 0 { // an item without an id could not be used anyway
			l.Matches = append(l.Matches, item)
		}
		if !seen[n] {
			seen[n] = true
			l.Names = append(l.Names, n)
		}
	}
	sort.SliceStable(l.Matches, func(i, j int) bool {
		a, _ := key(l.Matches[i])
		b, _ := key(l.Matches[j])
		return a < b
	})
	return l
}
