package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// summaryArg is, for each way of making a diagnostic, which argument is its summary.
var summaryArg = map[string]int{
	"AddError": 0, "AddWarning": 0, "NewErrorDiagnostic": 0, "NewWarningDiagnostic": 0,
	"AddAttributeError": 1, "AddAttributeWarning": 1,
	"NewAttributeErrorDiagnostic": 1, "NewAttributeWarningDiagnostic": 1,
	"warnOrError": 1, // diags_run.go's one wording that is a warning or an error
}

// diagSite is one diagnostic made in the provider's code.
type diagSite struct {
	file, pos string
	summary   string    // the literal summary, or its expression when built (k.title+" not found")
	literal   token.Pos // the literal's place; NoPos when the summary is built
}

// TestDiagnostics_summariesWrittenOnce: every diagnostic is made in a catalogue
// (diags_*.go), and no summary is written twice there, so that one message reads the same
// from the resource, the action and the data sources, and a change of wording is one edit.
func TestDiagnostics_summariesWrittenOnce(t *testing.T) {
	t.Parallel()
	sites := diagSites(t)
	if len(sites) < 40 {
		t.Fatalf("found only %d diagnostic sites; the parser no longer sees them", len(sites))
	}
	written := map[string][]diagSite{}
	for _, s := range sites {
		if !strings.HasPrefix(s.file, "diags_") {
			t.Errorf("%s: diagnostic %q is made outside the catalogues; give it a function in the diags_*.go file of its kind and call that", s.pos, s.summary)
			continue
		}
		if s.literal.IsValid() {
			written[s.summary] = append(written[s.summary], s)
		}
	}
	for summary, at := range written {
		if distinctLiterals(at) > 1 {
			var where []string
			for _, s := range at {
				where = append(where, s.pos)
			}
			t.Errorf("summary %q is written %d times (%s); make one function of it and call that", summary, distinctLiterals(at), strings.Join(where, ", "))
		}
	}
}

// distinctLiterals counts the string literals behind sites: one constant used by two calls
// is written once.
func distinctLiterals(sites []diagSite) int {
	lits := map[token.Pos]bool{}
	for _, s := range sites {
		lits[s.literal] = true
	}
	return len(lits)
}

// diagSites parses the package's non-test files and returns every call that makes a
// diagnostic, with its summary when that is a string literal or a constant of one.
func diagSites(t *testing.T) []diagSite {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	fset := token.NewFileSet()
	var sites []diagSite
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		global := map[string]*ast.BasicLit{}
		for _, decl := range f.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok {
				maps.Copy(global, stringConsts(gen))
			}
		}
		for _, decl := range f.Decls {
			local := stringConsts(decl)
			ast.Inspect(decl, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				i, ok := summaryArg[calledName(call)]
				if !ok || len(call.Args) <= i {
					return true
				}
				s := diagSite{file: name, pos: fset.Position(call.Pos()).String(), summary: types.ExprString(call.Args[i])}
				if lit := stringLiteral(call.Args[i], local, global); lit != nil {
					s.summary, _ = strconv.Unquote(lit.Value)
					s.literal = lit.Pos()
				}
				sites = append(sites, s)
				return true
			})
		}
	}
	return sites
}

func calledName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return ""
}

// stringConsts are the names declared in n (a declaration of the file, or a function) with a string literal,
// by const, var or :=, so that a summary kept in a constant is still seen.
func stringConsts(n ast.Node) map[string]*ast.BasicLit {
	out := map[string]*ast.BasicLit{}
	add := func(name *ast.Ident, value ast.Expr) {
		if lit, ok := value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			out[name.Name] = lit
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch d := n.(type) {
		case *ast.ValueSpec:
			for i, name := range d.Names {
				if i < len(d.Values) {
					add(name, d.Values[i])
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range d.Lhs {
				if name, ok := lhs.(*ast.Ident); ok && d.Tok == token.DEFINE && i < len(d.Rhs) {
					add(name, d.Rhs[i])
				}
			}
		}
		return true
	})
	return out
}

// stringLiteral is e itself when it is a string literal, or the literal a constant of e's
// name was declared with (in its function first, then in its file); nil when it is built.
func stringLiteral(e ast.Expr, local, global map[string]*ast.BasicLit) *ast.BasicLit {
	if id, ok := e.(*ast.Ident); ok {
		if lit, ok := local[id.Name]; ok {
			return lit
		}
		return global[id.Name]
	}
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		return lit
	}
	return nil
}
