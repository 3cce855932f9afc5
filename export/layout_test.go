package export

import (
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"backstop/meeting"
)

func TestSupplementaryCharacter(t *testing.T) {
	mn := exampleDraft()
	mn.Meeting.Attendance[1].Person = "许𠀀博、胡静怡" // CJK Extension B, as in some personal names
	mn.Cases[1].Applicant.Name = "陈𠀁英"
	if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 12}, exampleFinalized); err != nil {
		t.Fatal(err)
	}
	path, _, rep := writePDF(t, mn, Options{}) // must not panic
	want := []Replacement{
		{Rune: '𠀁', Where: "议题二 申请人", Places: []string{"议题二 申请人"}, Count: 1},
		{Rune: '𠀀', Where: "出席单位和人员", Places: []string{"出席单位和人员", "会签页 自然资源和规划局"}, Count: 2},
	}
	if !reflect.DeepEqual(rep.Replaced, want) {
		t.Errorf("replaced %v, want %v", rep.Replaced, want)
	}
	text := squeeze(run(t, "pdftotext", "-q", path, "-"))
	for _, s := range []string{"许〓博", "陈〓英"} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
	if strings.ContainsAny(text, "𠀀𠀁") {
		t.Error("the PDF contains a character above U+FFFF")
	}
	if s := rep.Replaced[1].String(); !strings.Contains(s, "U+20000") || !strings.Contains(s, "出席单位和人员") {
		t.Errorf("Replacement.String() = %q", s)
	}
}

func TestControlCharactersAndMissingGlyphs(t *testing.T) {
	mn := exampleMinutes(t)
	mn.Meeting.Agenda[0].Discussion = "甲\u0007乙\tb\r\n丙\u2028丁\uE000" // bell, tab, CRLF, line separator, private use
	doc, rep, err := Layout(mn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []rune
	for _, r := range rep.Replaced {
		got = append(got, r.Rune)
	}
	if string(got) != "\u0007\uE000" {
		t.Errorf("replaced %q, want the bell and the private-use character", string(got))
	}
	text := documentText(doc)
	for _, s := range []string{"甲〓乙 b", "丙", "丁〓"} {
		if !strings.Contains(text, s) {
			t.Errorf("the document lacks %q", s)
		}
	}
}

// documentText joins the text of every Text element, a line per element.
func documentText(doc *Document) string {
	var b strings.Builder
	for _, p := range doc.Pages {
		for _, e := range p.Elements {
			if t, ok := e.(Text); ok {
				b.WriteString(t.Text)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

func TestDraft(t *testing.T) {
	mn := exampleMinutes(t)
	if err := meeting.Amend(&mn.Meeting, "更正议定事项的办理时限", exampleFinalized.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	doc, rep, err := Layout(mn, Options{}) // an amended draft: it has a number, which is not printed
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Draft || rep.Revision != 2 || !doc.Info.Draft || !strings.Contains(doc.Info.Keywords, "backstop-draft=true") {
		t.Errorf("report %+v, info %+v", rep, doc.Info)
	}
	for _, p := range doc.Pages {
		if w, ok := p.Elements[0].(Watermark); !ok || w.Text != "草稿" || w.Angle != 45 {
			t.Errorf("page %d does not start with the 草稿 watermark", p.Number)
		}
	}
	text := documentText(doc)
	if strings.Contains(text, "〔2026〕12号") {
		t.Error("a draft shows its number")
	}
	if !strings.Contains(text, "草稿　第 1 页") || !strings.Contains(text, "会议纪要草稿（第2版）") {
		t.Error("the draft's footer or signature sheet does not say 草稿")
	}
	if want := time.Date(2026, 10, 12, 0, 0, 0, 0, chinaTime); !doc.Info.Created.Equal(want) {
		t.Errorf("a draft is dated %v, want the meeting day", doc.Info.Created)
	}
}

func TestAmendedRevision(t *testing.T) {
	mn := exampleMinutes(t)
	first := mn.Meeting.Revisions[0].Fingerprint
	if err := meeting.Amend(&mn.Meeting, "更正第一个议题议定事项（二）的办理时限", exampleFinalized.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	mn.Meeting.Agenda[0].Decisions[1].Due = meeting.Date{Year: 2026, Month: 11, Day: 6}
	if err := meeting.Finalize(mn, meeting.DocNumber{}, exampleFinalized.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	path, _, rep := writePDF(t, mn, Options{})
	if rep.Revision != 2 || rep.Fingerprint == first {
		t.Errorf("report %+v", rep)
	}
	text := pageText(t, path, 1, 1)
	checkInOrder(t, text, []string{"〔2026〕12号", "修订说明：本纪要为第2版，替代第1版（指纹 " + first[:12] + "）。修订理由：更正第一个议题议定事项（二）的办理时限。"})
	info := run(t, "pdfinfo", path)
	for _, s := range []string{"backstop-revision=2", "backstop-replaces=" + first, "第2版", "CreationDate:    Tue Oct 13 12:30:00 2026"} {
		if !strings.Contains(info, s) {
			t.Errorf("pdfinfo lacks %q:\n%s", s, info)
		}
	}
	if !strings.Contains(squeeze(run(t, "pdftotext", "-q", path, "-")), "2026年10月13日印发") {
		t.Error("the 版记 does not show the date of the amended revision")
	}
}

func TestMasthead(t *testing.T) {
	cases := []struct {
		name, masthead string
		want           string
		lines          int
	}{
		{"default", "", "建德市行政审批服务管理办公室协调会议纪要", 1},
		{"short, set larger", "兜底办协调会议纪要", "兜底办协调会议纪要", 1},
		{"too long for a line, wrapped", "建德市行政审批服务管理办公室兜底服务专班疑难事项协调会议纪要", "建德市行政审批服务管理办公室兜底服务专班疑难事项协调会议纪要", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _, err := Layout(exampleMinutes(t), Options{Masthead: c.masthead})
			if err != nil {
				t.Fatal(err)
			}
			var got string
			var lines int
			var size float64
			for _, e := range doc.Pages[0].Elements {
				if tx, ok := e.(Text); ok && tx.Color == Red {
					got += tx.Text
					lines++
					size = tx.Size
					if tx.X < marginLeft-0.01 || tx.X+tx.Width() > blockRight+0.01 {
						t.Errorf("the masthead line %q leaves the text block", tx.Text)
					}
				}
			}
			if got != c.want || lines != c.lines || size < 22 || size > 36 {
				t.Errorf("masthead %q in %d lines at %v pt, want %q in %d", got, lines, size, c.want, c.lines)
			}
			if c.name == "short, set larger" && size <= 22 {
				t.Errorf("a short masthead is set at %v pt", size)
			}
		})
	}
}

// TestLayoutStaysOnThePage checks every element of the example and the large meeting:
// text and rules inside the text block, the page furniture below it.
func TestLayoutStaysOnThePage(t *testing.T) {
	for name, mn := range map[string]*meeting.Minutes{"example": exampleMinutes(t), "large": largeMinutes(t), "draft": exampleDraft()} {
		t.Run(name, func(t *testing.T) {
			doc, rep, err := Layout(mn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Pages) != rep.Pages {
				t.Fatalf("%d pages, report says %d", len(doc.Pages), rep.Pages)
			}
			const eps = 0.01
			for _, p := range doc.Pages {
				for _, e := range p.Elements {
					switch e := e.(type) {
					case Text:
						if e.X < marginLeft-eps || e.X+e.Width() > blockRight+eps {
							t.Errorf("page %d: %q from x %.2f to %.2f leaves the block", p.Number, e.Text, e.X, e.X+e.Width())
						}
						furniture := e.Y > blockBottom
						if e.Y < marginTop || (furniture && e.Y > pageHeight-10) || len(e.Advances) != len([]rune(e.Text)) {
							t.Errorf("page %d: %q at y %.2f", p.Number, e.Text, e.Y)
						}
						if strings.ContainsAny(e.Text, "\n\r\t") {
							t.Errorf("page %d: %q has a control character", p.Number, e.Text)
						}
					case Rule:
						if min(e.X1, e.X2) < marginLeft-eps || max(e.X1, e.X2) > blockRight+eps || max(e.Y1, e.Y2) > blockBottom+eps {
							t.Errorf("page %d: rule %+v leaves the block", p.Number, e)
						}
					case Rect:
						if e.X < marginLeft-eps || e.X+e.W > blockRight+eps || e.Y+e.H > blockBottom+eps {
							t.Errorf("page %d: rect %+v leaves the block", p.Number, e)
						}
					}
				}
			}
		})
	}
}

// TestBodyGrid checks the GB/T 9704 grid: a full body line holds 28 characters of 16 pt
// in 156 mm, and lines are 225/22 mm apart.
func TestBodyGrid(t *testing.T) {
	mn := exampleMinutes(t)
	discussion := strings.Repeat("一二三四五六七八九十", 10)
	mn.Meeting.Agenda[0].Discussion = discussion
	doc, _, err := Layout(mn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []Text
	for _, p := range doc.Pages {
		for _, e := range p.Elements {
			if tx, ok := e.(Text); ok && len(tx.Advances) > 10 && strings.Contains(discussion, tx.Text) {
				lines = append(lines, tx)
			}
		}
	}
	var counts []int
	for _, l := range lines {
		counts = append(counts, len(l.Advances))
	}
	if fmt.Sprint(counts) != "[21 28 28 23]" {
		t.Fatalf("lines of %v characters, want [21 28 28 23] (the first after the indent and the label)", counts)
	}
	for _, l := range lines[:3] {
		if r := l.X + l.Width(); r < blockRight-0.001 || r > blockRight+0.001 {
			t.Errorf("a full line ends at %.3f mm, want %.3f", r, blockRight)
		}
	}
	if w := lines[3].Width(); w > 23*charPitch+0.1 {
		t.Errorf("the last line is %.2f mm wide: not on the grid", w)
	}
	if d := lines[1].Y - lines[0].Y; d < linePitch-0.001 || d > linePitch+0.001 {
		t.Errorf("lines are %.3f mm apart, want %.3f", d, linePitch)
	}
}

func TestCustomFonts(t *testing.T) {
	b, err := os.ReadFile(lxgwWenKai)
	if err != nil {
		t.Skip("LXGW WenKai is not installed (Debian fonts-lxgw-wenkai)")
	}
	kai, err := ParseFont("LXGWWenKai-Regular", b)
	if err != nil {
		t.Fatal(err)
	}
	path, _, _ := writePDF(t, exampleMinutes(t), Options{Fonts: &FontSet{Kai: kai}})
	fonts := run(t, "pdffonts", path)
	if !strings.Contains(fonts, "lxgwwenkairegular") || strings.Count(fonts, "CID TrueType") != 4 {
		t.Errorf("want the four fonts, LXGW WenKai for 楷体:\n%s", fonts)
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 100: "一百", 105: "一百零五", 110: "一百一十", 1010: "一千零一十", 0: "0"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("chineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{"": "", "应当办理": "应当办理。", "应当办理。": "应当办理。", "他说“同意。”": "他说“同意。”", "见附件（一）": "见附件（一）。", "是否办理？": "是否办理？"} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmptyDraft(t *testing.T) {
	for name, mn := range map[string]*meeting.Minutes{
		"nothing":             {},
		"agenda without case": {Meeting: meeting.Meeting{Agenda: []meeting.AgendaItem{{CaseID: 9}}, Attendance: []meeting.Attendance{{Status: meeting.Present}}}},
	} {
		t.Run(name, func(t *testing.T) {
			doc, rep, err := Layout(mn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Draft || rep.Pages < 2 {
				t.Errorf("report %+v", rep)
			}
			if err := doc.WritePDF(io.Discard); err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, _, err := Layout(nil, Options{}); err == nil {
		t.Error("Layout(nil) did not fail")
	}
}

// FuzzLayout sets any text in the fields of the example meeting: Layout and WritePDF
// must not fail or panic, and every character must be printed or reported as replaced.
func FuzzLayout(f *testing.F) {
	for _, c := range breakCases {
		f.Add(c.text)
	}
	f.Add("许𠀀博")
	f.Add("\u0000\ufffd\U0010ffff")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip()
		}
		mn := exampleDraft()
		m := &mn.Meeting
		m.Title, m.Venue, m.Host.Name, m.CopyTo = text, text, text, text
		m.Attendance[0].Person = text
		m.Attendance[1].Sections = []string{text}
		m.Agenda[0].Summary, m.Agenda[0].Discussion = text, text
		m.Agenda[0].Decisions[0].Text, m.Agenda[0].Decisions[0].Cooperating = text, []string{text}
		m.Agenda[0].Policies[0].Title = text
		mn.Cases[0].Applicant.Name, mn.Cases[0].Request = text, text
		doc, rep, err := Layout(mn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		printed := documentText(doc)
		replaced := map[rune]bool{}
		for _, r := range rep.Replaced {
			replaced[r.Rune] = true
		}
		for _, r := range text {
			if !unicode.IsSpace(r) && !isHardBreak(r) && !strings.ContainsRune(printed, r) && !replaced[r] {
				t.Fatalf("%q (U+%04X) is neither printed nor reported", r, r)
			}
		}
		if err := doc.WritePDF(io.Discard); err != nil {
			t.Fatal(err)
		}
	})
}
