package messagetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A user message is built in one of a few places: meeting.Errorf, a meeting.Error or
// meeting.Problem literal with its Message, lang.L in the interface, and what the
// command line prints with fmt.Fprint* to its standard output or error. The test
// finds every such expression in the program's source and checks two things: no
// string literal in it carries a Go name or library text (Leak), and no error's own
// text (err.Error()) is spliced into it, which is how library strings reach a person.
func TestEveryMessageSpeaksToAPerson(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var messages, literals int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "dist" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			for _, msg := range messageExprs(n) {
				messages++
				at := fset.Position(msg.Pos())
				ast.Inspect(msg, func(m ast.Node) bool {
					switch x := m.(type) {
					case *ast.BasicLit:
						if x.Kind != token.STRING {
							return true
						}
						literals++
						s, err := strconv.Unquote(x.Value)
						if err != nil {
							t.Errorf("%s: %v", at, err)
							return true
						}
						if leak := Leak(s); leak != "" {
							t.Errorf("%s: the message %q carries %q", at, s, leak)
						}
					case *ast.CallExpr:
						if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && len(x.Args) == 0 {
							t.Errorf("%s: an error's own text (%s.Error()) is part of a user message", at, exprString(sel.X))
						}
					}
					return true
				})
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if messages < 300 {
		t.Fatalf("found only %d message expressions; the scan is looking in the wrong place", messages)
	}
	t.Logf("%d message expressions, %d string literals checked", messages, literals)
}

// messageExprs returns the expressions of n that become text for a person.
func messageExprs(n ast.Node) []ast.Expr {
	switch x := n.(type) {
	case *ast.CallExpr:
		switch name := callName(x.Fun); {
		case name == "meeting.Errorf" || name == "Errorf" && len(x.Args) == 3:
			return x.Args[1:2]
		case name == "lang.L" && len(x.Args) > 0:
			return x.Args[:1]
		case (name == "fmt.Fprintf" || name == "fmt.Fprintln" || name == "fmt.Fprint") && len(x.Args) > 1 && toPerson(x.Args[0]):
			return x.Args[1:]
		case name == "notFound" && len(x.Args) > 0:
			return x.Args[:1]
		}
	case *ast.CompositeLit:
		switch callName(x.Type) {
		case "meeting.Error", "Error", "meeting.Problem", "Problem":
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Message" {
						return []ast.Expr{kv.Value}
					}
				}
			}
		}
	}
	return nil
}

// toPerson reports whether w is the command line's standard output or error.
func toPerson(w ast.Expr) bool {
	s := exprString(w)
	return strings.HasSuffix(s, ".Stderr") || strings.HasSuffix(s, ".Stdout")
}

// callName renders a called function or a type as pkg.Name or Name.
func callName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	}
	return ""
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.CallExpr:
		return exprString(x.Fun) + "()"
	}
	return "?"
}
