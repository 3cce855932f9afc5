package export

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// hanazono is where Debian's fonts-hanazono installs HanaMin A and B, the freely
// licensed fonts with CJK Extensions A to F that 自动 finds as fallback fonts.
const hanazono = "/usr/share/fonts/truetype/hanazono"

// withHanaMin returns the embedded fonts with HanaMin as fallback, as OfficialFonts
// finds it in the fonts folders, or nil when fonts-hanazono is not installed.
func withHanaMin(tb testing.TB) *FontSet {
	tb.Helper()
	if _, err := os.Stat(hanazono); err != nil {
		return nil
	}
	set, _ := OfficialFonts(FontSettings{Mode: FontsEmbedded}, []string{hanazono})
	if len(set.More) == 0 {
		tb.Fatalf("no fallback font found in %s", hanazono)
	}
	return set
}

// rareRanges are where the fuzzer draws characters from: CJK Extension A, B and
// later, the compatibility ideographs, combining marks, emoji and their joiners and
// selectors, among common ideographs and punctuation.
var rareRanges = [][2]rune{
	{0x4e00, 0x9fff},   // CJK Unified Ideographs
	{0x3400, 0x4dbf},   // Extension A
	{0x20000, 0x2a6df}, // Extension B
	{0x2a700, 0x2ee5d}, // Extensions C to F and I
	{0x30000, 0x323af}, // Extensions G and H
	{0xf900, 0xfaff},   // Compatibility Ideographs
	{0x2f800, 0x2fa1f}, // Compatibility Ideographs Supplement
	{0x0300, 0x036f},   // combining marks
	{0x1f300, 0x1faff}, // emoji
	{0x200d, 0x200d},   // zero-width joiner
	{0xfe00, 0xfe0f},   // variation selectors
	{0xe0100, 0xe01ef}, // ideographic variation selectors
	{0x3000, 0x303f},   // CJK punctuation
	{0xff01, 0xff5e},   // full-width forms
}

// rareText turns the fuzzer's bytes into text from rareRanges: each three bytes pick
// a range and a character in it. It has no spaces or breaks, which line breaking may
// drop at a line's end.
func rareText(b []byte) string {
	var out []rune
	for len(b) >= 3 {
		rg := rareRanges[int(b[0])%len(rareRanges)]
		r := rg[0] + rune(int(b[1])<<8|int(b[2]))%(rg[1]-rg[0]+1)
		out = append(out, r)
		b = b[3:]
	}
	return string(out)
}

// FuzzRareCharacters sets text of rare characters as a body paragraph and checks the
// per-character fallback: joining the laid-out runs gives back the input exactly,
// with only the characters no font has as 〓; each run's characters are in the font
// that sets it, measured in it; and every 〓 is reported.
func FuzzRareCharacters(f *testing.F) {
	f.Add([]byte("\x02\x00\x01\x01\x00\x10\x05\x00\x00\x07\x00\x01\x08\x00\x05\x0c\x00\x01"))
	f.Add([]byte("\x00\x12\x34\x02\x0b\xb7\x03\xff\xff\x04\x00\x00\x09\x00\x00\x0a\x00\x0f"))
	set := withHanaMin(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		text := rareText(b)
		if text == "" {
			t.Skip()
		}
		fonts, err := set.resolve()
		if err != nil {
			t.Fatal(err)
		}
		l := &layouter{fonts: fonts}
		cleaned := l.clean(Body, "议题一 讨论情况", text)
		want := []rune(text)
		got := []rune(cleaned)
		if len(got) != len(want) {
			t.Fatalf("clean changed the length: %q → %q", text, cleaned)
		}
		reported := map[rune]bool{}
		for _, r := range l.subst.list {
			reported[r.Rune] = true
			if !slices.Equal(r.Places, []string{"议题一 讨论情况"}) {
				t.Fatalf("U+%04X reported at %q", r.Rune, r.Places)
			}
		}
		for i, r := range want {
			switch {
			case got[i] == r && fonts.face(Body, r) != nil:
			case got[i] == placeholder && fonts.face(Body, r) == nil && reported[r]:
			default:
				t.Fatalf("U+%04X became U+%04X (a font has it: %v, reported: %v)", r, got[i], fonts.face(Body, r) != nil, reported[r])
			}
		}
		var joined strings.Builder
		st := bodyStyle()
		for _, ln := range l.setParagraph(st, []span{{role: Body, text: cleaned}}) {
			for _, run := range ln.runs(0, st) {
				f := run.Face
				for i, r := range []rune(run.Text) {
					if !f.Has(r) {
						t.Fatalf("U+%04X is in a run of %s, which lacks it", r, f.Family())
					}
					if !advanceOK(f, []rune(run.Text), i, run.SizeMM(), run.Advances[i]) {
						t.Fatalf("U+%04X measured %.3f mm, not in %s", r, run.Advances[i], f.Family())
					}
				}
				joined.WriteString(run.Text)
			}
		}
		if joined.String() != cleaned {
			t.Fatalf("the runs join to %q, want %q", joined.String(), cleaned)
		}
	})
}

// TestNameCoverage reports the share of 10,000 personal names that print without 〓,
// with the embedded fonts alone and with HanaMin as fallback. The names are drawn
// the way rare characters occur in names: a common surname, then one or two given
// characters, mostly common ones (GB 2312 level 1), some from the rest of the URO, a
// few from Extension A and fewer from Extension B to H.
func TestNameCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	common := []rune(commonHanzi())
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := func() rune {
		switch p := rng.IntN(1000); {
		case p < 900:
			return common[rng.IntN(len(common))]
		case p < 960:
			return 0x4e00 + rune(rng.IntN(0x9fa5-0x4e00+1))
		case p < 990:
			return 0x3400 + rune(rng.IntN(0x4dbf-0x3400+1))
		default:
			return 0x20000 + rune(rng.IntN(0x2a6df-0x20000+1))
		}
	}
	names := make([]string, 10000)
	for i := range names {
		n := []rune{surnames[rng.IntN(len(surnames))], given()}
		if rng.IntN(4) > 0 {
			n = append(n, given())
		}
		names[i] = string(n)
	}
	share := func(set *FontSet) (float64, int) {
		fonts, err := set.resolve()
		if err != nil {
			t.Fatal(err)
		}
		ok := 0
		for _, n := range names {
			if !strings.ContainsFunc(n, func(r rune) bool { return fonts.face(Body, r) == nil }) {
				ok++
			}
		}
		return float64(ok) / float64(len(names)), ok
	}
	embedded, nEmbedded := share(nil)
	t.Logf("embedded fonts alone: %d of %d names (%.2f %%) print without 〓", nEmbedded, len(names), 100*embedded)
	set := withHanaMin(t)
	if set == nil {
		t.Skipf("%s is absent: install fonts-hanazono (make test does) for the figure with the Extension B font", hanazono)
	}
	with, nWith := share(set)
	t.Logf("with HanaMin as fallback: %d of %d names (%.2f %%)", nWith, len(names), 100*with)
	if with <= embedded || with < 0.999 {
		t.Errorf("HanaMin should cover nearly every name: %.4f with it, %.4f without", with, embedded)
	}
	if !utf8.ValidString(strings.Join(names, "")) {
		t.Fatal("invalid names")
	}
}
