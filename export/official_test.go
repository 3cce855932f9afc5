package export

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"backstop/export/fonttest"
	"backstop/meeting"
)

// wenKai returns the path of LXGW WenKai Regular, the freely licensed TrueType (glyf)
// font the tests use as a stand-in for an official font, skipping the test without it.
func wenKai(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(lxgwWenKai); err != nil {
		t.Skipf("%s is absent: install Debian fonts-lxgw-wenkai (make test does)", lxgwWenKai)
	}
	return lxgwWenKai
}

func TestFontSettingsFile(t *testing.T) {
	dir := t.TempDir()
	s, err := LoadFontSettings(dir)
	if err != nil || s.Mode != FontsAuto {
		t.Fatalf("new data without fonts.json: %+v, %v; want 自动", s, err)
	}
	// Data from before the choice existed: its store is there, its setting is not.
	if err := os.WriteFile(filepath.Join(dir, storeFileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadFontSettings(dir); err != nil || s.Mode != FontsEmbedded {
		t.Fatalf("existing data without fonts.json: %+v, %v; want the embedded fonts it was printed in", s, err)
	}
	// New data records its default when the store is made, and keeps it.
	fresh := t.TempDir()
	if err := RecordNewDataFonts(fresh); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fresh, storeFileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadFontSettings(fresh); err != nil || s.Mode != FontsAuto {
		t.Fatalf("new data after its store was made: %+v, %v; want 自动", s, err)
	}
	if err := SaveFontSettings(fresh, FontSettings{Mode: FontsEmbedded}); err != nil {
		t.Fatal(err)
	}
	if err := RecordNewDataFonts(fresh); err != nil {
		t.Fatal(err)
	}
	if s, _ := LoadFontSettings(fresh); s.Mode != FontsEmbedded {
		t.Errorf("RecordNewDataFonts overwrote the user's choice: %+v", s)
	}
	// What earlier versions wrote as official reads as 自动.
	if err := os.WriteFile(filepath.Join(fresh, FontSettingsFile), []byte(`{"mode":"official"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadFontSettings(fresh); err != nil || s.Mode != FontsAuto {
		t.Errorf("official from an earlier version: %+v, %v", s, err)
	}

	want := FontSettings{Mode: FontsAuto}
	want.SetPicked(Body, "/fonts/仿宋.ttf")
	want.SetPicked(Kai, "/fonts/kai.ttf")
	want.SetPicked(Kai, "")
	if err := SaveFontSettings(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFontSettings(dir)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back %+v, %v; want %+v", got, err, want)
	}
	if got.Picked(Body) != "/fonts/仿宋.ttf" || got.Picked(Kai) != "" {
		t.Errorf("picked files: %v", got.Files)
	}
	if strays, _ := filepath.Glob(filepath.Join(dir, ".backstop-tmp-*")); len(strays) > 0 {
		t.Errorf("temporary files left: %v", strays)
	}

	for _, bad := range []string{"{", `{"mode":"fancy"}`} {
		if err := os.WriteFile(filepath.Join(dir, FontSettingsFile), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := LoadFontSettings(dir)
		if err == nil || s.Official() || !strings.Contains(meeting.ErrorMessage(err), FontSettingsFile) {
			t.Errorf("malformed %q: %+v, %v; want the embedded fonts and an error naming the file", bad, s, err)
		}
	}
}

func TestWindowsFontDirs(t *testing.T) {
	t.Setenv("WINDIR", filepath.FromSlash("/win"))
	t.Setenv("SystemRoot", "")
	t.Setenv("LOCALAPPDATA", filepath.FromSlash("/users/a/AppData/Local"))
	want := []string{filepath.FromSlash("/win/Fonts"), filepath.FromSlash("/users/a/AppData/Local/Microsoft/Windows/Fonts")}
	if got := WindowsFontDirs(); !reflect.DeepEqual(got, want) {
		t.Errorf("WindowsFontDirs() = %q, want %q", got, want)
	}
	t.Setenv("WINDIR", "")
	t.Setenv("LOCALAPPDATA", "")
	if got := WindowsFontDirs(); len(got) != 0 {
		t.Errorf("without the variables: %q", got)
	}
}

func TestEmbeddedModeIsTheDefaultSet(t *testing.T) {
	set, checks := OfficialFonts(FontSettings{Mode: FontsEmbedded}, []string{"/nonexistent"})
	if set.Body != nil || set.Title != nil || set.Heading != nil || set.Kai != nil || len(set.More) != 0 || checks != nil {
		t.Errorf("embedded mode gave %+v, %v", set, checks)
	}
	// New data is 自动; with no fonts anywhere every role takes the embedded font.
	t.Setenv(FontDirsEnv, "")
	set, checks, err := FontsFor(t.TempDir())
	if err != nil || len(checks) != len(Roles) {
		t.Fatalf("a fresh data directory gave %+v, %v, %v", set, checks, err)
	}
	for _, c := range checks {
		if c.Used() || !strings.Contains(c.Message(), "未找到") {
			t.Errorf("%s: %s", c.Role, c.Message())
		}
	}
}

// TestOfficialFontsFound puts a font whose own names mean nothing to the search
// (WenKai renamed 测试字体) in a Windows fonts folder under the file name of 仿宋 (in
// capitals, as some installers write it) and in the per-user folder as 楷体: a font
// is recognised by its file name where its names do not say what it is.
func TestOfficialFontsFound(t *testing.T) {
	src, err := os.ReadFile(wenKai(t))
	if err != nil {
		t.Fatal(err)
	}
	neutral, err := fonttest.Rename(src, "测试字体", "Test Face")
	if err != nil {
		t.Fatal(err)
	}
	system, user := t.TempDir(), t.TempDir()
	for _, p := range []string{filepath.Join(system, "SIMFANG.TTF"), filepath.Join(user, "simkai.ttf")} {
		if err := os.WriteFile(p, neutral, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, checks := OfficialFonts(FontSettings{Mode: FontsOfficial}, []string{system, user})
	if len(checks) != 4 {
		t.Fatalf("%d checks, want one per role", len(checks))
	}
	for _, c := range checks {
		t.Logf("%s: %s", c.Role, c.Message())
	}
	body, title, heading, kaiCheck := checks[0], checks[1], checks[2], checks[3]
	if !body.Used() || body.Path != filepath.Join(system, "SIMFANG.TTF") || body.Picked || set.Body != body.Font {
		t.Errorf("body: %+v", body)
	}
	if !kaiCheck.Used() || kaiCheck.Path != filepath.Join(user, "simkai.ttf") || set.Kai != kaiCheck.Font {
		t.Errorf("kai: %+v", kaiCheck)
	}
	for _, c := range []FontCheck{title, heading} {
		if c.Used() || c.Path != "" || c.Err != nil {
			t.Errorf("%s: %+v, want not found", c.Role, c)
		}
		if msg := c.Message(); !strings.Contains(msg, "未找到") || !strings.Contains(msg, "内置字体") {
			t.Errorf("%s: message %q", c.Role, msg)
		}
	}
	if !strings.Contains(checks[0].Message(), "检查通过") {
		t.Errorf("body message %q", checks[0].Message())
	}
	fonts, err := set.resolve()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := DefaultFonts()
	if fonts.role[Title] != def.Title || fonts.role[Heading] != def.Heading || fonts.role[Body] != body.Font {
		t.Error("missing official fonts should take the embedded ones, found ones be used")
	}
}

// TestWenKaiBody sets the body in WenKai, picked by the user, and checks that the PDF
// embeds it, that the layout measured with its advances, and that lines break
// differently from the embedded font.
func TestWenKaiBody(t *testing.T) {
	kai := wenKai(t)
	s := FontSettings{Mode: FontsOfficial}
	s.SetPicked(Body, kai)
	set, checks := OfficialFonts(s, nil)
	if !checks[0].Used() || !checks[0].Picked || len(checks[0].Missing) != 0 {
		t.Fatalf("WenKai as body: %+v %s", checks[0], checks[0].Message())
	}
	both := s
	both.Files = map[string]string{Body.Key(): kai, Kai.Key(): kai}
	if again, _ := OfficialFonts(both, nil); again.Kai != again.Body || again.Body != set.Body {
		t.Error("one file in two roles should be one font, parsed once and embedded once")
	}
	mn := exampleMinutes(t)
	doc, rep, err := Layout(mn, Options{Fonts: set})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Replaced) > 0 {
		t.Errorf("WenKai lacks %v", rep.Replaced)
	}
	measured := 0
	for _, p := range doc.Pages {
		for _, e := range p.Elements {
			tx, ok := e.(Text)
			if !ok || (tx.Role != Body && tx.Role != Kai) {
				continue
			}
			runes := []rune(tx.Text)
			for i, r := range runes {
				if !advanceOK(set.Body, runes, i, tx.SizeMM(), tx.Advances[i]) {
					t.Fatalf("%q in %q: advance %v, WenKai's is %v", r, tx.Text, tx.Advances[i], float64(set.Body.Advance(r))/1000*tx.SizeMM())
				}
				measured++
			}
		}
	}
	if measured == 0 {
		t.Fatal("no body text")
	}
	plain, _, err := Layout(mn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := strings.Split(documentText(doc), "\n"), strings.Split(documentText(plain), "\n")
	differ := 0
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			differ++
		}
	}
	if differ == 0 && len(a) == len(b) {
		t.Error("the line breaks are the same in WenKai as in Noto Serif SC")
	}
	t.Logf("%d lines in WenKai, %d in Noto Serif SC; %d break differently", len(a), len(b), differ)

	path, _, _ := writePDF(t, mn, Options{Fonts: set})
	fonts := run(t, "pdffonts", path)
	var wenkaiLine string
	for _, line := range strings.Split(fonts, "\n") {
		if strings.Contains(strings.ToLower(line), "lxgwwenkai") {
			wenkaiLine = line
		}
	}
	// name type encoding emb sub uni object ID: the embedded column says yes.
	if f := strings.Fields(wenkaiLine); len(f) < 7 || f[len(f)-5] != "yes" {
		t.Errorf("pdffonts does not list LXGW WenKai embedded:\n%s", fonts)
	}
	if text := pageText(t, path, 1, 1); !strings.Contains(text, "协调会议纪要") {
		t.Errorf("page 1 text:\n%s", text)
	}
}

// TestEveryMeasureUsesTheActiveFont sets every role in WenKai (Regular and Bold) and
// checks that each character placed on a page, watermark included, was measured with
// the font of its role: no measuring path falls back to the embedded fonts.
func TestEveryMeasureUsesTheActiveFont(t *testing.T) {
	regular := wenKai(t)
	bold := filepath.Join(filepath.Dir(regular), "LXGWWenKai-Bold.ttf")
	s := FontSettings{Mode: FontsOfficial}
	for _, role := range Roles {
		s.SetPicked(role, regular)
	}
	if _, err := os.Stat(bold); err == nil {
		s.SetPicked(Title, bold)
		s.SetPicked(Heading, bold)
	}
	set, checks := OfficialFonts(s, nil)
	for _, c := range checks {
		if !c.Used() {
			t.Fatalf("%s: %s", c.Role, c.Message())
		}
	}
	for _, mn := range []*meeting.Minutes{exampleMinutes(t), exampleDraft()} {
		doc, _, err := Layout(mn, Options{Fonts: set})
		if err != nil {
			t.Fatal(err)
		}
		def, _ := DefaultFonts()
		for role := range roleCount {
			if f := doc.Font(role); f == def.Body || f == def.Title || f == def.Heading {
				t.Errorf("%s is set in the embedded %s", role, f.Name())
			}
		}
		for _, p := range doc.Pages {
			for _, e := range p.Elements {
				var text string
				var role Role
				var size float64
				var advances []float64
				switch e := e.(type) {
				case Text:
					text, role, size, advances = e.Text, e.Role, e.SizeMM(), e.Advances
				case Watermark:
					text, role, size, advances = e.Text, e.Role, e.Size*mmPerPt, e.Advances
				default:
					continue
				}
				f := doc.Font(role)
				runes := []rune(text)
				for i, r := range runes {
					if want := float64(f.Advance(r)) / 1000 * size; !advanceOK(f, runes, i, size, advances[i]) {
						t.Fatalf("page %d: %q in %q (%s): advance %v, %s says %v", p.Number, r, text, role, advances[i], f.Name(), want)
					}
				}
			}
		}
	}
}

func TestCheckFontFileRefuses(t *testing.T) {
	kai, err := os.ReadFile(wenKai(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A collection header with nothing behind it.
	ttc := append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), make([]byte, 64)...)
	cff := append([]byte("OTTO"), kai[4:]...)
	if b, err := os.ReadFile("/usr/share/fonts/opentype/urw-base35/C059-Roman.otf"); err == nil {
		cff = b // a real CFF OpenType font (Debian fonts-urw-base35)
	}
	cffCollection := makeCollection(t, cff, 2)
	cases := []struct {
		name, path, want string
	}{
		{"broken collection", write("simsun.ttc", ttc), "字体集合文件已损坏"},
		{"CFF collection", write("cff.ttc", cffCollection), "CFF 轮廓的 OpenType 字体集合（2 个字体）"},
		{"CFF OpenType", write("NotoSerifCJKsc-Regular.otf", cff), "CFF 轮廓"},
		{"not a font", write("readme.ttf", []byte("hello, this is not a font")), "不是 TrueType 字体文件"},
		{"absent", filepath.Join(dir, "simfang.ttf"), "文件不存在"},
		{"folder", dir, "文件夹"},
	}
	if b, err := os.ReadFile("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"); err == nil {
		cases = append(cases, struct{ name, path, want string }{"Noto CJK collection", write("NotoSerifCJK-Regular.ttc", b), "CFF 轮廓"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, _, err := CheckFontFile(Body, c.path)
			if f != nil || err == nil {
				t.Fatalf("accepted %s", c.path)
			}
			msg := meeting.ErrorMessage(err)
			if !strings.Contains(msg, c.path) || !strings.Contains(msg, c.want) || !strings.Contains(msg, "仿宋") || !errors.Is(err, ErrFont) {
				t.Errorf("message %q should name the file and say %q", msg, c.want)
			}
			s := FontSettings{Mode: FontsOfficial}
			s.SetPicked(Body, c.path)
			set, checks := OfficialFonts(s, nil)
			if set.Body != nil || checks[0].Used() || !strings.Contains(checks[0].Message(), "改用内置字体 Noto Serif SC") {
				t.Errorf("no fallback: %+v %s", checks[0], checks[0].Message())
			}
			t.Log(checks[0].Message())
		})
	}
}

// makeCollection wraps a single font into a TrueType collection of faces fonts, all the
// same face, with the table offsets counted from the start of the collection as they are.
func makeCollection(t *testing.T, font []byte, faces int) []byte {
	t.Helper()
	header := 12 + 4*faces
	out := make([]byte, header)
	copy(out, "ttcf\x00\x01\x00\x00")
	binary.BigEndian.PutUint32(out[8:], uint32(faces))
	for i := range faces {
		binary.BigEndian.PutUint32(out[12+4*i:], uint32(header))
	}
	out = append(out, font...)
	tables := int(binary.BigEndian.Uint16(font[4:]))
	for i := range tables {
		at := header + 12 + 16*i + 8
		binary.BigEndian.PutUint32(out[at:], binary.BigEndian.Uint32(out[at:])+uint32(header))
	}
	return out
}

// TestCollectionFirstFace uses the first font of a collection, as Windows ships some
// fonts (simsun.ttc): its metrics are those of the font it was made from.
func TestCollectionFirstFace(t *testing.T) {
	b, err := os.ReadFile(wenKai(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wenkai.ttc")
	if err := os.WriteFile(path, makeCollection(t, b, 2), 0o644); err != nil {
		t.Fatal(err)
	}
	f, missing, err := CheckFontFile(Body, path)
	if err != nil || len(missing) > 0 {
		t.Fatalf("the collection's first face: %v, missing %q", err, string(missing))
	}
	plain, err := ParseFont("LXGWWenKai-Regular", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "纪要〔2026〕12号ABC，。" {
		if f.Advance(r) != plain.Advance(r) {
			t.Errorf("%q: advance %d in the collection, %d in the font", r, f.Advance(r), plain.Advance(r))
		}
	}
	var pdf bytes.Buffer
	if _, err := WriteMinutes(&pdf, exampleMinutes(t), Options{Fonts: &FontSet{Body: f}}); err != nil {
		t.Fatal(err)
	}
}

// TestCheckFontFileCoverage cuts WenKai down to a few characters: a font without the
// minutes' own wording is refused, naming the characters; one without some common
// characters is used, and they are reported.
func TestCheckFontFileCoverage(t *testing.T) {
	b, err := os.ReadFile(wenKai(t))
	if err != nil {
		t.Fatal(err)
	}
	full, err := ParseFont("LXGWWenKai-Regular", b)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cut := func(name, text string) string {
		sub, _, err := full.subset([]rune(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, sub, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	partial := cut("partial.ttf", essentialText+strings.ReplaceAll(commonHanzi(), "鼎", ""))
	f, missing, err := CheckFontFile(Title, partial)
	if err != nil || f == nil {
		t.Fatalf("a font lacking one common character was refused: %v", err)
	}
	if string(missing) != "鼎" {
		t.Errorf("missing %q, want 鼎", string(missing))
	}
	c := FontCheck{Role: Title, Path: partial, Font: f, Missing: missing}
	if msg := c.Message(); !strings.Contains(msg, "缺少 1 个常用字") || !strings.Contains(msg, "鼎") {
		t.Errorf("message %q", msg)
	}

	tooSmall := cut("small.ttf", strings.ReplaceAll(strings.ReplaceAll(essentialText, "纪", ""), "席", ""))
	f, _, err = CheckFontFile(Heading, tooSmall)
	if f != nil || err == nil {
		t.Fatal("a font without the layout's wording was accepted")
	}
	if msg := meeting.ErrorMessage(err); !strings.Contains(msg, "黑体字体文件「"+tooSmall+"」") || !strings.Contains(msg, "「席纪」") {
		t.Errorf("message %q should name the file and the characters 席纪", msg)
	}
}

func TestCommonHanzi(t *testing.T) {
	h := []rune(commonHanzi())
	if len(h) != 3755 || h[0] != '啊' || h[len(h)-1] != '座' {
		t.Errorf("GB 2312 level 1: %d characters, %q … %q", len(h), h[0], h[len(h)-1])
	}
}

// FuzzFirstFace feeds firstFace arbitrary bytes behind a collection header: it must
// fail cleanly, never panic, and what it returns must be a font whose tables lie
// inside it.
func FuzzFirstFace(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00glyf\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff"))
	f.Add([]byte("ttcf\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		face, _, err := firstFace(b)
		if err != nil {
			return
		}
		tables := int(binary.BigEndian.Uint16(face[4:]))
		for i := range tables {
			off := binary.BigEndian.Uint32(face[12+16*i+8:])
			length := binary.BigEndian.Uint32(face[12+16*i+12:])
			if uint64(off)+uint64(length) > uint64(len(face)) {
				t.Fatalf("table %d lies outside the font", i)
			}
		}
	})
}

// advanceOK reports whether got is the advance of runes[i] of a run set in f at size
// (mm): the font's, or for a mark that ends its run the font's less half an em
// (compressed against the next run's first character).
func advanceOK(f *Font, runes []rune, i int, size, got float64) bool {
	a := float64(f.Advance(runes[i])) / 1000 * size
	if math.Abs(got-a) < 1e-9 {
		return true
	}
	return i == len(runes)-1 && (closingMark(runes[i]) || openingMark(runes[i])) && math.Abs(got-(a-size/2)) < 1e-9
}
