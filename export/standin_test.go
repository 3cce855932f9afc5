package export

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backstop/assets"
	"backstop/export/fonttest"
	"backstop/meeting"
)

// standIns writes the four stand-ins of the official typefaces into a new folder
// and returns it with their paths in the order of Roles.
func standIns(t *testing.T) (string, []string) {
	t.Helper()
	wenKai(t)
	dir := t.TempDir()
	paths, err := fonttest.WriteOfficial(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, paths
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// TestAutoPicksOfficialFacesByName: with the stand-ins in a fonts folder under file
// names no list knows, 自动 sets every role in its official face, found by the names
// inside the files; the PDF embeds those faces and records them with their SHA-256.
func TestAutoPicksOfficialFacesByName(t *testing.T) {
	dir, paths := standIns(t)
	set, checks := OfficialFonts(FontSettings{Mode: FontsAuto}, []string{dir})
	want := []string{"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"}
	for i, c := range checks {
		t.Logf("%s: %s", c.Role, c.Message())
		if !c.Used() || c.Path != paths[i] || c.Family != want[i] || c.Picked {
			t.Errorf("%s: %+v, want %s from %s", c.Role, c, want[i], paths[i])
		}
		if c.Short() != want[i] {
			t.Errorf("%s: preview says %q", c.Role, c.Short())
		}
	}
	mn := exampleMinutes(t)
	path, _, rep := writePDF(t, mn, Options{Fonts: set})
	fonts := run(t, "pdffonts", path)
	for _, name := range []string{"fangsonggb2312", "fzxiaobiaosongb05s", "simhei", "kaitigb2312"} {
		if !strings.Contains(strings.ToLower(fonts), name) {
			t.Errorf("pdffonts does not list %s:\n%s", name, fonts)
		}
	}
	if strings.Contains(strings.ToLower(fonts), "noto") {
		t.Errorf("an embedded font is in the PDF although every official face is there:\n%s", fonts)
	}
	var got []string
	for _, u := range rep.Fonts {
		got = append(got, u.Role+" "+u.Family+" "+u.File)
		if u.Fallback {
			t.Errorf("fallback font used: %+v", u)
		}
	}
	wantUses := []string{"正文 仿宋_GB2312 standin-fangsong.ttf", "标题 方正小标宋简体 standin-xiaobiaosong.ttf",
		"黑体 黑体 standin-hei.ttf", "楷体 楷体_GB2312 standin-kai.ttf"}
	if !slices.Equal(got, wantUses) {
		t.Errorf("fonts recorded:\n%q\nwant\n%q", got, wantUses)
	}
	keywords := run(t, "pdfinfo", path)
	for i, u := range rep.Fonts {
		if u.SHA256 != fileSum(t, paths[i]) {
			t.Errorf("%s: SHA-256 %s is not the file's", u.Role, u.SHA256)
		}
		if word := fmt.Sprintf("backstop-font=%s:%s:%s", u.Role, u.SHA256, u.Family); !strings.Contains(keywords, word) {
			t.Errorf("the PDF's keywords lack %s:\n%s", word, keywords)
		}
	}
}

// TestAutoFallsBackPerRole: a missing face, and one that cannot be used, each leave
// their role alone on the embedded font, and the check says why.
func TestAutoFallsBackPerRole(t *testing.T) {
	dir, paths := standIns(t)
	if err := os.Remove(paths[1]); err != nil { // no 小标宋
		t.Fatal(err)
	}
	// A 黑体 whose licence forbids embedding, found before the good one.
	restricted, err := os.ReadFile(paths[2])
	if err != nil {
		t.Fatal(err)
	}
	tables, err := fonttest.Tables(restricted)
	if err != nil {
		t.Fatal(err)
	}
	os2 := slices.Clone(tables["OS/2"])
	os2[8], os2[9] = 0, 2 // fsType: restricted licence embedding
	tables["OS/2"] = os2
	first := t.TempDir()
	if err := os.WriteFile(filepath.Join(first, "aaa-hei.ttf"), fonttest.Assemble(tables), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(paths[2]); err != nil {
		t.Fatal(err)
	}
	set, checks := OfficialFonts(FontSettings{Mode: FontsAuto}, []string{first, dir})
	def, _ := DefaultFonts()
	fonts, err := set.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if !checks[0].Used() || fonts.role[Body] != checks[0].Font || !checks[3].Used() {
		t.Errorf("正文 and 楷体 should use their stand-ins: %s / %s", checks[0].Message(), checks[3].Message())
	}
	if checks[1].Used() || fonts.role[Title] != def.Title || !strings.Contains(checks[1].Message(), "未找到小标宋字体") ||
		checks[1].Short() != "内置字体（未找到小标宋）" {
		t.Errorf("标题: %s (%s)", checks[1].Message(), checks[1].Short())
	}
	if checks[2].Used() || fonts.role[Heading] != def.Heading || checks[2].Err == nil ||
		!strings.Contains(checks[2].Message(), "aaa-hei.ttf") || !strings.Contains(checks[2].Message(), "禁止嵌入") ||
		!strings.Contains(checks[2].Message(), "改用内置字体") || checks[2].Short() != "内置字体（aaa-hei.ttf无法使用）" {
		t.Errorf("黑体: %s", checks[2].Message())
	}
	t.Log(checks[2].Message())
}

// TestPerCharacterFallback sets the body in a 仿宋 that lacks most characters (the
// embedded font cut down to the minutes' own wording): each character it lacks is set,
// and measured, in the next font of the chain that has it; a character above U+FFFF
// none of the role fonts has comes from the fallback fonts found in the fonts folder;
// only a character no font has becomes 〓, and the report names its places.
func TestPerCharacterFallback(t *testing.T) {
	def, _ := DefaultFonts()
	cut, _, err := def.Body.cut(distinct([]rune(essentialText+"〓 ")), nil)
	if err != nil {
		t.Fatal(err)
	}
	thin, err := fonttest.Rename(cut, "仿宋_GB2312", "FangSong_GB2312")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thin.ttf"), thin, 0o644); err != nil {
		t.Fatal(err)
	}
	dirs := []string{dir}
	hana := "/usr/share/fonts/truetype/hanazono"
	_, hanaErr := os.Stat(hana)
	if hanaErr == nil {
		dirs = append(dirs, hana)
	}
	set, checks := OfficialFonts(FontSettings{Mode: FontsAuto}, dirs)
	if !checks[0].Used() || len(checks[0].Missing) == 0 {
		t.Fatalf("the thin 仿宋 should be used, lacking common characters: %s", checks[0].Message())
	}
	t.Log(checks[0].Message())
	mn := exampleDraft()
	const ext = "\U00020BB7" // 𠮷, CJK Extension B: neither embedded font has it
	mn.Meeting.Attendance[1].Person = "堃昇喆" + ext + "䶮、胡\U0002EBF0怡"
	doc, rep, err := Layout(mn, Options{Fonts: set})
	if err != nil {
		t.Fatal(err)
	}
	fonts := doc.fonts
	for _, p := range doc.Pages {
		for _, e := range p.Elements {
			tx, ok := e.(Text)
			if !ok {
				continue
			}
			f := doc.face(tx.Face, tx.Role)
			for _, r := range tx.Text {
				if r == '〓' && !strings.ContainsRune(essentialText, r) {
					continue
				}
				if !f.Has(r) {
					t.Fatalf("%q in %q is set in %s, which lacks it", r, tx.Text, f.Family())
				}
				if tx.Role == Body && f != fonts.role[Body] && fonts.role[Body].Has(r) {
					t.Fatalf("%q is set in %s although the body font has it", r, f.Family())
				}
			}
		}
	}
	var replaced []rune
	for _, r := range rep.Replaced {
		replaced = append(replaced, r.Rune)
	}
	want := []rune{0x2ebf0}
	if hanaErr != nil {
		want = []rune{0x20bb7, 0x2ebf0}
		t.Logf("%s is absent: 𠮷 is only checked for 〓 (install fonts-hanazono; make test does)", hana)
	}
	slices.Sort(replaced)
	if !slices.Equal(replaced, want) {
		t.Errorf("replaced %U, want %U", replaced, want)
	}
	for _, r := range rep.Replaced {
		if r.Rune == 0x2ebf0 && !slices.Equal(r.Places, []string{"出席单位和人员", "会签页 自然资源和规划局"}) {
			t.Errorf("places of U+2EBF0: %q", r.Places)
		}
	}
	var fallbacks []string
	for _, u := range rep.Fonts {
		if u.Fallback {
			fallbacks = append(fallbacks, u.Role+" "+u.Family)
		}
	}
	t.Logf("fallback fonts: %q", fallbacks)
	if !slices.Contains(fallbacks, "正文 Noto Serif SC") {
		t.Errorf("the embedded body font should set what the thin 仿宋 lacks: %q", fallbacks)
	}
	if hanaErr == nil && !slices.ContainsFunc(fallbacks, func(s string) bool { return strings.Contains(s, "花園明朝") }) {
		t.Errorf("HanaMin should set 𠮷: %q", fallbacks)
	}
	path, _, _ := writePDF(t, mn, Options{Fonts: set})
	text := squeeze(run(t, "pdftotext", "-q", path, "-"))
	t.Logf("text: %s", text[:min(len(text), 600)])
	person := "堃昇喆䶮、胡〓怡"
	if hanaErr == nil {
		person = "堃昇喆" + ext + "䶮、胡〓怡"
	}
	if n := strings.Count(text, person); n != 2 {
		t.Errorf("the PDF's text has %q %d times, want 2 (attendance, 会签页)", person, n)
	}
	run(t, "qpdf", "--check", path)
}

// TestFontUsesOfEmbedded: the embedded fonts are recorded by their names and the
// SHA-256 of the files in package assets.
func TestFontUsesOfEmbedded(t *testing.T) {
	_, rep, err := Layout(exampleMinutes(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := func(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }
	want := []meeting.FontUse{
		{Role: "正文", Family: "Noto Serif SC", SHA256: sum(assets.SerifRegular)},
		{Role: "标题", Family: "Noto Serif SC Bold", SHA256: sum(assets.SerifBold)},
		{Role: "黑体", Family: "Noto Sans SC Bold", SHA256: sum(assets.SansBold)},
		{Role: "楷体", Family: "Noto Serif SC", SHA256: sum(assets.SerifRegular)},
	}
	if !slices.Equal(rep.Fonts, want) {
		t.Errorf("fonts %+v\nwant %+v", rep.Fonts, want)
	}
}
