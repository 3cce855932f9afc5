package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"backstop/assets"
	"backstop/meeting"
)

// usedKeys returns every string the interface passes to lang.L: the literals in the
// package's source, and the labels it translates at run time.
func usedKeys(t *testing.T) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "L" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "lang" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				keys[s] = true
			}
			return true
		})
	}
	for _, s := range stepTitles {
		keys[s] = true
	}
	for _, s := range stepShort {
		keys[s] = true
	}
	keys[newDepartmentText] = true
	for _, v := range meeting.States {
		keys[v.Label()] = true
	}
	for _, v := range meeting.AttendanceStatuses {
		keys[v.Label()] = true
	}
	for _, v := range append(meeting.Judgments, meeting.JudgmentUndecided) {
		keys[v.Label()] = true
	}
	for _, v := range meeting.Categories {
		keys[v.Label()] = true
	}
	for _, v := range meeting.Channels {
		keys[v.Label()] = true
	}
	for _, v := range []meeting.ApplicantKind{meeting.Enterprise, meeting.Person} {
		keys[v.Label()] = true
	}
	for _, v := range []meeting.CaseStatus{meeting.CaseOpen, meeting.CaseClosed} {
		keys[v.Label()] = true
	}
	for _, v := range meeting.FollowUpStatuses {
		keys[v.Label()] = true
	}
	for _, v := range meeting.Stances {
		keys[v.Label()] = true
	}
	for _, v := range meeting.CarryStatuses {
		keys[v.Label()] = true
		keys[v.NoteLabel()] = true
	}
	for _, k := range keyHelp {
		keys[k[1]] = true
	}
	for _, v := range meeting.DeliveryMethods {
		keys[v.Label()] = true
	}
	for _, v := range meeting.CallBackResults {
		keys[v.Label()] = true
	}
	for _, v := range replyChannels {
		keys[v] = true
	}
	for _, f := range ledgerFormats {
		keys[f.label] = true
	}
	return keys
}

func loadTable(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := fs.ReadFile(assets.Translations, "translations/"+name)
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]string{}
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return table
}

var placeholder = regexp.MustCompile(`\{\{\.\w+\}\}`)

// TestTranslationsCoverEveryString checks that zh.json and en.json hold every string
// the interface shows, with the same template fields, and nothing stale.
func TestTranslationsCoverEveryString(t *testing.T) {
	keys := usedKeys(t)
	for _, file := range []string{"zh.json", "en.json"} {
		table := loadTable(t, file)
		var missing, stale []string
		for k := range keys {
			v, ok := table[k]
			if !ok || strings.TrimSpace(v) == "" {
				missing = append(missing, k)
				continue
			}
			got, want := placeholder.FindAllString(v, -1), placeholder.FindAllString(k, -1)
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "") != strings.Join(want, "") {
				t.Errorf("%s: %q has fields %v, its key %v", file, v, got, want)
			}
			if file == "zh.json" && v != k {
				t.Errorf("zh.json: %q should read as its key %q", v, k)
			}
		}
		for k := range table {
			if !keys[k] {
				stale = append(stale, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(stale)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d strings:\n%s", file, len(missing), strings.Join(missing, "\n"))
		}
		if len(stale) > 0 {
			t.Errorf("%s has %d strings no longer used:\n%s", file, len(stale), strings.Join(stale, "\n"))
		}
	}
}

func TestResolveLanguage(t *testing.T) {
	tests := []struct {
		name, pref string
		system     fyne.Locale
		want       string
	}{
		{"Chinese system", "", "zh-CN", languageChinese},
		{"English system", "", "en-US", languageEnglish},
		{"other system defaults to Chinese", "", "fr-FR", languageChinese},
		{"no locale (LANG=C) defaults to Chinese", "", "", languageChinese},
		{"preference wins over English system", languageChinese, "en-GB", languageChinese},
		{"English chosen on a Chinese system", languageEnglish, "zh-CN", languageEnglish},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := resolveLanguage(tc.pref, tc.system); got != tc.want {
				t.Errorf("resolveLanguage(%q, %q) = %q, want %q", tc.pref, tc.system, got, tc.want)
			}
		})
	}
}

// TestChoosingEnglishIsRemembered picks English in the top bar: the choice is stored
// for the next start, and a dialog says so.
func TestChoosingEnglishIsRemembered(t *testing.T) {
	h := newHarness(t)
	var language *widget.Select
	walk(h.u.win.Content(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok && language == nil && len(s.Options) == 2 && s.Options[1] == "English" {
			language = s
		}
		return true
	})
	if language == nil || language.Selected != "中文" {
		t.Fatalf("no language choice showing 中文: %v", language)
	}
	language.SetSelected("English")
	if got := h.app.Preferences().String(prefLanguage); got != languageEnglish {
		t.Errorf("preference = %q, want en", got)
	}
	if h.u.win.Canvas().Overlays().Top() == nil {
		t.Error("no dialog says the language changes at the next start")
	}
}
