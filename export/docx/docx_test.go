package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"backstop/export"
	"backstop/meeting"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// tool returns the path of a program the test needs. Outside make test a missing one
// skips the test; make test installs the packages first (TEST_PACKAGES) and sets
// BACKSTOP_REQUIRE_TOOLS, so there a missing one fails it.
func tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("BACKSTOP_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is not installed (Debian: %s), and make test requires it", name, debianPackage)
		}
		t.Skipf("%s is not installed (Debian: %s; make test installs it)", name, debianPackage)
	}
	return path
}

// run runs a program and returns its standard output.
func run(t testing.TB, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// writeDocx writes the minutes as .docx and returns the bytes and the report.
func writeDocx(t testing.TB, mn *meeting.Minutes) ([]byte, export.Report) {
	t.Helper()
	var b bytes.Buffer
	rep, err := Write(&b, mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), rep
}

// parts reads the package back with archive/zip.
func parts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// TestGoldenDocument compares word/document.xml of the example with
// testdata/document.xml; -update rewrites it.
//
//	go test ./export/docx -run TestGoldenDocument -update
func TestGoldenDocument(t *testing.T) {
	data, _ := writeDocx(t, exampleMinutes(t))
	got := parts(t, data)["word/document.xml"]
	golden := filepath.Join("testdata", "document.xml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("word/document.xml of the example changed; review it and run with -update")
	}
}

// TestDeterministic: the same revision gives the same bytes, whatever the clock.
func TestDeterministic(t *testing.T) {
	a, _ := writeDocx(t, exampleMinutes(t))
	b, _ := writeDocx(t, exampleMinutes(t))
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same minutes differ")
	}
}

// wellFormed checks that every part is well-formed XML, with encoding/xml's decoder.
func wellFormed(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	ps := parts(t, data)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
		"word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
		"word/fontTable.xml", "word/footer1.xml", "word/footer2.xml"} {
		b, ok := ps[name]
		if !ok {
			t.Errorf("the package lacks %s", name)
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				break
			}
		}
	}
	return ps
}

// documentText returns the text of the w:t elements of document.xml, one string per
// paragraph, without the word joiners that keep names whole (TestNamesStayWhole).
func documentText(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	inText := false
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "t"
		case xml.EndElement:
			inText = false
			if e.Name.Local == "p" {
				out = append(out, unjoined(cur.String()))
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(e)
			}
		}
	}
}

// unjoined returns s without word joiners.
func unjoined(s string) string { return strings.ReplaceAll(s, string(wordJoiner), "") }

// hostileDraft returns the example as a draft with characters above U+FFFF in names,
// a field at the length limit, and characters validation refuses that reached the
// minutes anyway (a bell, a bidirectional override, a noncharacter, bytes that are not
// UTF-8).
func hostileDraft(t testing.TB) (*meeting.Minutes, string) {
	mn := exampleDraft(t)
	mn.Meeting.Attendance[1].Person = "许𠀀博、胡𪚥怡" // CJK Extensions B and C, as in some personal names
	mn.Cases[0].Applicant.Name = "建德市𠮷野塑料母料有限公司"
	long := strings.Repeat("一期厂房已建成投产，二期尚未开工；", meeting.MaxLongText/17)
	mn.Meeting.Agenda[0].Discussion = long
	mn.Meeting.Agenda[0].JudgmentReason = "理由\u0007甲\u202e乙\uffff丙\xff丁"
	return mn, long
}

func TestHostileText(t *testing.T) {
	mn, long := hostileDraft(t)
	data, rep := writeDocx(t, mn)
	ps := wellFormed(t, data)
	text := strings.Join(documentText(t, ps["word/document.xml"]), "\n")
	for _, s := range []string{"许𠀀博", "胡𪚥怡", "建德市𠮷野塑料母料有限公司", long, "理由〓甲〓乙〓丙〓丁"} {
		if !strings.Contains(text, s) {
			t.Errorf("the document lacks %.40q", s)
		}
	}
	var got []rune
	for _, r := range rep.Replaced {
		got = append(got, r.Rune)
		if r.Where != "议题一 研判理由" {
			t.Errorf("%U recorded in %q", r.Rune, r.Where)
		}
	}
	if string(got) != "\u0007\u202e\uffff\ufffd" {
		t.Errorf("replaced %q", string(got))
	}
	if !rep.Draft || rep.Revision != 1 {
		t.Errorf("report %+v", rep)
	}
	for _, r := range string(ps["word/document.xml"]) {
		if unicode.IsControl(r) && r != '\n' {
			t.Fatalf("document.xml holds %U", r)
		}
	}
}

// TestContentInOrder: every paragraph of the content is a paragraph of the document,
// in the order of the PDF.
func TestContentInOrder(t *testing.T) {
	mn := exampleMinutes(t)
	data, _ := writeDocx(t, mn)
	paras := documentText(t, parts(t, data)["word/document.xml"])
	c, err := export.ContentOf(mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, want := range contentParagraphs(c) {
		for k < len(paras) && paras[k] != want {
			k++
		}
		if k == len(paras) {
			t.Fatalf("paragraph %q is missing or out of order", want)
		}
	}
}

// contentParagraphs returns the text of the content's paragraphs, outside the table,
// as the document should hold them.
func contentParagraphs(c export.Content) []string {
	join := func(runs ...export.Run) []string {
		var s strings.Builder
		for _, r := range runs {
			s.WriteString(r.Text)
		}
		return strings.Split(s.String(), "\n")
	}
	out := join(c.Masthead)
	out = append(out, c.Number)
	out = append(out, join(c.Title)...)
	for _, b := range c.Body {
		out = append(out, join(b.Runs...)...)
	}
	for _, a := range c.Attendance {
		out = append(out, join(append([]export.Run{{Text: a.Label}}, a.Entries...)...)...)
	}
	out = append(out, c.Signature.Title, c.Signature.Reference)
	return out
}

func BenchmarkWriteLarge(b *testing.B) {
	mn := largeMinutes(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(io.Discard, mn, export.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSupplementaryRuns: every character above U+FFFF stands in a run whose face slots
// all name SimSun-ExtB, and such runs hold nothing else.
func TestSupplementaryRuns(t *testing.T) {
	mn, _ := hostileDraft(t)
	data, _ := writeDocx(t, mn)
	d := xml.NewDecoder(bytes.NewReader(parts(t, data)["word/document.xml"]))
	var fonts map[string]string
	inText, seen := false, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "t"
			switch e.Name.Local {
			case "r":
				fonts = map[string]string{}
			case "rFonts":
				for _, a := range e.Attr {
					fonts[a.Name.Local] = a.Value
				}
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if !inText {
				continue
			}
			ext := fonts["eastAsia"] == supplementaryFace.name
			for _, r := range string(e) {
				if sup := r > 0xFFFF; sup != ext {
					t.Errorf("%q (%U) in a run with fonts %v", string(e), r, fonts)
					break
				}
				if r > 0xFFFF {
					seen++
					for _, slot := range []string{"ascii", "hAnsi", "cs"} {
						if fonts[slot] != supplementaryFace.name {
							t.Errorf("%c: slot %s is %q", r, slot, fonts[slot])
						}
					}
				}
			}
		}
	}
	// 𠀀 and 𪚥 in the attendance line and the 会签页, 𠮷 in the heading and the text.
	if seen < 5 {
		t.Errorf("%d characters above U+FFFF in the document", seen)
	}
}

func TestPlaneSegments(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []segment
	}{
		{"", []segment{{}}},
		{"许博", []segment{{"许博", false}}},
		{"𠀀", []segment{{"𠀀", true}}},
		{"许𠀀𪚥博", []segment{{"许", false}, {"𠀀𪚥", true}, {"博", false}}},
		{"𠮷野", []segment{{"𠮷", true}, {"野", false}}},
	} {
		t.Run(c.in, func(t *testing.T) {
			got := planeSegments(c.in)
			if len(got) != len(c.want) {
				t.Fatalf("%q gives %+v", c.in, got)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%q gives %+v", c.in, got)
				}
			}
		})
	}
}

// TestNamesStayWhole: the characters of a kept name are joined by word joiners, the
// text around it is not, and the name's runs carry the language that sends LibreOffice
// to its Unicode line breaker.
func TestNamesStayWhole(t *testing.T) {
	for _, c := range []struct {
		name string
		run  export.Run
		want string
	}{
		{"a name", export.Run{Text: "周建国", Keep: true}, "周\u2060建\u2060国"},
		{"above U+FFFF", export.Run{Text: "胡𪚥怡", Keep: true}, "胡\u2060𪚥\u2060怡"},
		{"Latin spaces stay breakable", export.Run{Text: "Anna Li", Keep: true}, "Anna Li"},
		{"mixed", export.Run{Text: "李A", Keep: true}, "李\u2060A"},
		{"not kept", export.Run{Text: "自然资源和规划局"}, "自然资源和规划局"},
		{"one character", export.Run{Text: "李", Keep: true}, "李"},
		{"line break", export.Run{Text: "周建\n国", Keep: true}, "周\u2060建|国"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, para := range (&writer{}).splitParagraphs([]export.Run{c.run}) {
				for _, pc := range para {
					if pc.keep != c.run.Keep {
						t.Errorf("piece %q keep %v", pc.text, pc.keep)
					}
					got = append(got, pc.text)
				}
			}
			if strings.Join(got, "|") != c.want {
				t.Errorf("got %q, want %q", strings.Join(got, "|"), c.want)
			}
		})
	}
	data, _ := writeDocx(t, exampleMinutes(t))
	doc := string(parts(t, data)["word/document.xml"])
	want := `<w:r><w:rPr><w:lang w:eastAsia="zxx"/></w:rPr><w:t xml:space="preserve">周` + "\u2060建\u2060国" + `</w:t></w:r>`
	if !strings.Contains(doc, want) {
		t.Errorf("document.xml lacks %s", want)
	}
	for _, r := range strings.Split(doc, "<w:r>")[1:] {
		if strings.ContainsRune(r, wordJoiner) && !strings.Contains(r, `<w:lang w:eastAsia="zxx"/>`) {
			t.Errorf("a run with word joiners but not the kept names' language: %.200s", r)
		}
	}
	if strings.Contains(doc, "局\u2060") {
		t.Error("a unit name holds word joiners")
	}
}

// TestDraftWatermark: a draft has odd and even headers holding the 草稿 watermark, its
// section refers to them, and its 版记 says 草稿; a finalized revision has no header and
// says 工作副本 with its revision and fingerprint.
func TestDraftWatermark(t *testing.T) {
	draft := wellFormed(t, mustDocx(t, exampleDraft(t)))
	for _, name := range []string{"word/header1.xml", "word/header2.xml"} {
		h := string(draft[name])
		if err := xml.Unmarshal(draft[name], new(struct{})); err != nil || h == "" {
			t.Errorf("%s: %v", name, err)
		}
		for _, want := range []string{`string="草稿"`, `rotation:315`, `fillcolor="#D7D7D7"`, `mso-position-horizontal:center`, `PowerPlusWaterMarkObject`, `font-family:&#34;方正小标宋简体&#34;`} {
			if !strings.Contains(h, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
	}
	doc := string(draft["word/document.xml"])
	for _, want := range []string{`<w:headerReference w:type="default" r:id="rIdHeaderOdd"/>`, `<w:headerReference w:type="even" r:id="rIdHeaderEven"/>`, "第1版草稿"} {
		if !strings.Contains(doc, want) {
			t.Errorf("a draft's document.xml lacks %s", want)
		}
	}
	if ct := string(draft["[Content_Types].xml"]); !strings.Contains(ct, `PartName="/word/header2.xml"`) {
		t.Error("the content types lack the headers")
	}
	if rels := string(draft["word/_rels/document.xml.rels"]); !strings.Contains(rels, `Id="rIdHeaderEven"`) {
		t.Error("the relationships lack the headers")
	}

	mn := exampleMinutes(t)
	final := wellFormed(t, mustDocx(t, mn))
	for name := range final {
		if strings.HasPrefix(name, "word/header") {
			t.Errorf("a finalized revision has %s", name)
		}
	}
	doc = string(final["word/document.xml"])
	if strings.Contains(doc, "headerReference") || strings.Contains(doc, "草稿") {
		t.Error("a finalized revision's document refers to a header or says 草稿")
	}
	c, err := export.ContentOf(mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc, "工作副本：本文件据会议纪要第1版生成") || !strings.Contains(doc, c.Info.Fingerprint) {
		t.Error("a finalized revision's 版记 does not name its revision and fingerprint")
	}
}

func mustDocx(t *testing.T, mn *meeting.Minutes) []byte {
	data, _ := writeDocx(t, mn)
	return data
}
