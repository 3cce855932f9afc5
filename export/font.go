package export

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"backstop/meeting"
)

// Font is a TrueType font prepared for the minutes. Its metrics are parsed once, when it
// is made. fpdf parses a whole font for every document that adds it, 6–8 ms per CJK
// font, twice (once to add it, once to subset it on output); a document instead adds a
// subset of the font holding only its own characters (subset.go), which fpdf reads in
// a fraction of the time.
//
// A Font does not change after ParseFont and is safe for concurrent use. The bytes it
// was parsed from must not be modified.
type Font struct {
	name    string
	family  string // the name the font gives itself (Family)
	file    string // the file it was read from, "" if embedded
	sum     string // SHA-256 hex of that file, "" to hash data
	data    []byte
	ascent  float64  // hhea ascender, in em
	descent float64  // hhea descender, in em (negative)
	widths  []uint16 // advance by rune (BMP), in 1/1000 em rounded as fpdf rounds it
	glyph   []uint64 // bit set: the rune maps to a glyph other than .notdef
	// supp holds the characters above U+FFFF the font maps (cmap format 12), which
	// fpdf cannot address: the subset gives each an alias in the Private Use Area
	// (subset.go) and the PDF maps the alias back to the character (tounicode.go).
	supp map[rune]suppGlyph

	// What subset.go needs to cut the font without fpdf.
	tables   map[string][]byte // by tag, slices of data
	gids     []uint16          // glyph by rune (BMP)
	loca     []uint32          // glyph offsets in glyf, numGlyphs+1 of them
	hMetrics int               // hhea numberOfHMetrics
	upem     int               // head unitsPerEm
}

// ErrFont is the sentinel of the errors ParseFont returns, for errors.Is.
var ErrFont = errors.New("unusable font")

// fontError returns an error with both faces: meeting.CodeInvalid for the program, a
// Chinese sentence naming the font for the person; it also matches ErrFont.
func fontError(name, format string, args ...any) error {
	return &meeting.Error{
		Code:    meeting.CodeInvalid,
		Message: fmt.Sprintf("字体「%s」无法使用：%s", name, fmt.Sprintf(format, args...)),
		Err:     ErrFont,
	}
}

// ParseFont prepares a font for the minutes. name identifies it in the PDF and in error
// messages and should be ASCII, such as "NotoSerifSC-Regular" or "FangSong". The font
// must be a single TrueType font with glyf outlines and a Unicode cmap (format 4): no
// CFF-flavoured .otf, no .ttc collection, no font whose licence forbids embedding.
// ParseFont also has fpdf add and write a subset of the font, so that a font fpdf
// cannot read is refused here, with a message naming it, rather than when printing.
func ParseFont(name string, ttf []byte) (f *Font, err error) {
	return parseFont(name, ttf, true)
}

// parseFont is ParseFont; a font parsed without placeholder need not have 〓: a
// fallback font that sets only what the others lack (HanaMin B has Extension B alone).
func parseFont(name string, ttf []byte, placeholder bool) (f *Font, err error) {
	f = &Font{name: name, data: ttf}
	if err := f.parseMetrics(); err != nil {
		return nil, err
	}
	if placeholder && !f.Has('〓') {
		return nil, fontError(name, "缺少占位符“〓”（U+3013）的字形，无法标示缺字。")
	}
	// Prove that fpdf can cut, add and write the font.
	sample := []rune("〓一 A1")
	if !placeholder {
		sample = f.sample(4)
		if len(sample) == 0 {
			return nil, fontError(name, "没有可用的字形。")
		}
	}
	sub, al, err := f.subset(sample, nil)
	if err != nil {
		return nil, err
	}
	text := []rune(string(sample))
	for i, r := range text {
		if a, ok := al.supp[r]; ok {
			text[i] = a // fpdf sets a character above U+FFFF by its alias
		}
	}
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fontError(name, "PDF 组件无法读取该字体（%v）。", p)
		}
	}()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("check", "", sub)
	pdf.SetFont("check", "", 12)
	pdf.AddPage()
	pdf.Text(10, 10, string(text))
	if err := pdf.Output(io.Discard); err != nil {
		return nil, fontError(name, "PDF 组件无法使用该字体（%v）。", err)
	}
	return f, nil
}

// Name returns the name the font was parsed with.
func (f *Font) Name() string { return f.name }

// Family returns the name the font gives itself, such as 仿宋_GB2312 or 霞鹜文楷, for
// people and for the record of which fonts printed a PDF; Name for a font parsed from
// bytes alone.
func (f *Font) Family() string { return cmp.Or(f.family, f.name) }

// File returns the path of the font's file, or "" for an embedded font or one parsed
// from bytes.
func (f *Font) File() string { return f.file }

// SHA256 returns the SHA-256 (hex) of the font's file: with Family, what identifies
// the font a PDF was printed in.
func (f *Font) SHA256() string {
	if f.sum == "" {
		return fmt.Sprintf("%x", sha256.Sum256(f.data))
	}
	return f.sum
}

// identified returns the font with the identity of the file it was read from.
func (f *Font) identified(family, file, sum string) *Font {
	f.family, f.file, f.sum = family, file, sum
	return f
}

// sample returns up to n characters the font has, the first of its BMP and then of
// its supplementary characters.
func (f *Font) sample(n int) []rune {
	var out []rune
	for r := rune(0x21); r < 0xffff && len(out) < n; r++ {
		if f.Has(r) {
			out = append(out, r)
		}
	}
	supp := make([]rune, 0, len(f.supp))
	for r := range f.supp {
		supp = append(supp, r)
	}
	slices.Sort(supp)
	return append(out, supp[:min(len(supp), n)]...)
}

// Data returns the font file, for a renderer that draws a Document in the same faces
// (the preview loads it as a Fyne resource). Callers must not modify it.
func (f *Font) Data() []byte { return f.data }

// Ascent returns the font's ascender (hhea) as a fraction of the em: a renderer that
// places text by the top of its line box puts the top Ascent × size above the baseline.
func (f *Font) Ascent() float64 { return f.ascent }

// Descent returns the font's descender (hhea) as a fraction of the em, a negative number.
func (f *Font) Descent() float64 { return f.descent }

// suppGlyph is a character above U+FFFF: its glyph and advance (1/1000 em).
type suppGlyph struct{ gid, width uint16 }

// Has reports whether the font has a glyph for r: the font's cmap maps it, in the Basic
// Multilingual Plane through the format 4 subtable fpdf reads, above it through the
// format 12 one (CJK Extension B and later, found in personal names).
func (f *Font) Has(r rune) bool {
	if r <= 0 || r == 0xffff {
		return false
	}
	if r > 0xffff {
		_, ok := f.supp[r]
		return ok
	}
	return f.glyph[r>>6]&(1<<(r&63)) != 0
}

// Advance returns the advance width of r in thousandths of an em, exactly as fpdf
// writes it into the PDF; 0 for a rune the font lacks.
func (f *Font) Advance(r rune) int {
	if !f.Has(r) {
		return 0
	}
	if r > 0xffff {
		return int(f.supp[r].width)
	}
	return int(f.widths[r])
}

// gid returns the glyph of a rune the font has.
func (f *Font) gid(r rune) int {
	if r > 0xffff {
		return int(f.supp[r].gid)
	}
	return int(f.gids[r])
}

// Supplementary reports whether the font has any character above U+FFFF.
func (f *Font) Supplementary() bool { return len(f.supp) > 0 }

// subset returns the font cut down to the given runes (in any order, repeats allowed)
// and to narrowed copies of the halves (compressed punctuation), ready for
// fpdf.AddUTF8FontFromBytes, with the aliases fpdf is to write for its runes above
// U+FFFF and for the narrowed marks (see aliasesFor). The cut depends on the sets of
// runes only.
func (f *Font) subset(runes, halves []rune) (cut []byte, al aliases, err error) {
	set, half := distinct(runes), distinct(halves)
	defer func() {
		if p := recover(); p != nil {
			cut, al, err = nil, aliases{}, fontError(f.name, "无法生成字体子集（%v）。", p)
		}
	}()
	if cut, al, err = f.cut(set, half); err != nil {
		// A font subset.go cannot read: let fpdf try, with the BMP characters only
		// and no narrowed marks (encode sets those at full width then).
		bmp := slices.DeleteFunc(set, func(r rune) bool { return r > 0xffff })
		cut, al = fpdf.UTF8CutFont(f.data, string(bmp)), aliases{}
	}
	if len(cut) == 0 {
		return nil, aliases{}, fontError(f.name, "无法生成字体子集。")
	}
	return cut, al, nil
}

// distinct returns the runes sorted, each once.
func distinct(runes []rune) []rune {
	set := slices.Clone(runes)
	slices.Sort(set)
	return slices.Compact(set)
}

// sfnt is a bounds-checked view of a TrueType file.
type sfnt struct {
	name   string
	data   []byte
	tables map[string][]byte
}

func (s *sfnt) u16(b []byte, off int) (int, error) {
	if off < 0 || off+2 > len(b) {
		return 0, fontError(s.name, "文件已损坏（数据越界）。")
	}
	return int(binary.BigEndian.Uint16(b[off:])), nil
}

func (s *sfnt) u32(b []byte, off int) (int, error) {
	if off < 0 || off+4 > len(b) {
		return 0, fontError(s.name, "文件已损坏（数据越界）。")
	}
	return int(binary.BigEndian.Uint32(b[off:])), nil
}

// parseMetrics reads the table directory, head, hhea, maxp, cmap and hmtx, mirroring
// what fpdf reads, so that Has and Advance agree with what fpdf will set.
func (f *Font) parseMetrics() error {
	s := &sfnt{name: f.name, data: f.data, tables: map[string][]byte{}}
	f.tables = s.tables
	if len(f.data) < 12 {
		return fontError(f.name, "不是字体文件。")
	}
	switch tag := string(f.data[:4]); tag {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return fontError(f.name, "这是 CFF 轮廓的 OpenType 字体（.otf），PDF 组件只支持 TrueType（glyf）轮廓。")
	case "ttcf":
		return fontError(f.name, "这是字体集合（.ttc），请使用单个 TrueType 字体文件（.ttf）。")
	default:
		return fontError(f.name, "不是 TrueType 字体文件。")
	}
	n, _ := s.u16(f.data, 4)
	for i := range n {
		rec := 12 + 16*i
		off, err := s.u32(f.data, rec+8)
		if err != nil {
			return err
		}
		size, err := s.u32(f.data, rec+12)
		if err != nil {
			return err
		}
		if off+size > len(f.data) || off < 0 || size < 0 {
			return fontError(f.name, "文件已损坏（表越界）。")
		}
		s.tables[string(f.data[rec:rec+4])] = f.data[off : off+size]
	}
	for _, t := range []string{"head", "hhea", "hmtx", "maxp", "cmap", "glyf", "loca"} {
		if _, ok := s.tables[t]; !ok {
			return fontError(f.name, "缺少“%s”表（需要 glyf 轮廓的 TrueType 字体）。", t)
		}
	}
	if os2 := s.tables["OS/2"]; len(os2) >= 10 {
		if fsType, _ := s.u16(os2, 8); fsType == 0x0002 {
			return fontError(f.name, "字体许可禁止嵌入文档。")
		}
	}
	upem, err := s.u16(s.tables["head"], 18)
	if err != nil || upem == 0 {
		return fontError(f.name, "文件已损坏（head 表）。")
	}
	hhea := s.tables["hhea"]
	asc, err1 := s.u16(hhea, 4)
	desc, err2 := s.u16(hhea, 6)
	metrics, err3 := s.u16(hhea, 34)
	glyphs, err4 := s.u16(s.tables["maxp"], 4)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return err
	}
	if metrics == 0 || metrics > glyphs || len(s.tables["hmtx"]) < 4*metrics {
		return fontError(f.name, "文件已损坏（hmtx 表）。")
	}
	if f.loca, err = s.locaTable(glyphs); err != nil {
		return err
	}
	f.hMetrics, f.upem = metrics, upem
	f.ascent = float64(int16(asc)) / float64(upem)
	f.descent = float64(int16(desc)) / float64(upem)
	gids, err := s.cmap4()
	if err != nil {
		return err
	}
	hmtx := s.tables["hmtx"]
	scale := 1000 / float64(upem)
	f.widths = make([]uint16, 0x10000)
	f.glyph = make([]uint64, 0x10000/64)
	f.gids = make([]uint16, 0x10000)
	for r, g := range gids {
		if g == 0 || g >= glyphs || r == 0 || r == 0xffff {
			continue
		}
		f.gids[r] = uint16(g)
		adv, _ := s.u16(hmtx, 4*min(g, metrics-1))
		if g < metrics && adv >= 1<<15 { // as fpdf's parseHMTXTable
			adv = 0
		}
		f.widths[r] = uint16(min(math.Round(scale*float64(adv)), math.MaxUint16))
		f.glyph[r>>6] |= 1 << (r & 63)
	}
	supp, err := s.cmap12()
	if err != nil {
		return err
	}
	for r, g := range supp {
		if g == 0 || g >= glyphs {
			continue
		}
		adv, _ := s.u16(hmtx, 4*min(g, metrics-1))
		if f.supp == nil {
			f.supp = map[rune]suppGlyph{}
		}
		f.supp[r] = suppGlyph{uint16(g), uint16(min(math.Round(scale*float64(adv)), math.MaxUint16))}
	}
	return nil
}

// cmap12 returns the glyph of every rune above U+FFFF from the font's format 12 cmap
// subtable (platform 3 encoding 10, or platform 0 encoding 4 or 6), if it has one.
func (s *sfnt) cmap12() (map[rune]int, error) {
	cmap := s.tables["cmap"]
	count, err := s.u16(cmap, 2)
	if err != nil {
		return nil, err
	}
	for i := range count {
		platform, _ := s.u16(cmap, 4+8*i)
		encoding, _ := s.u16(cmap, 6+8*i)
		off, err := s.u32(cmap, 8+8*i)
		if err != nil {
			return nil, err
		}
		if !(platform == 3 && encoding == 10 || platform == 0 && (encoding == 4 || encoding == 6)) {
			continue
		}
		if format, _ := s.u16(cmap, off); format != 12 {
			continue
		}
		groups, err := s.u32(cmap, off+12)
		if err != nil || off+16+12*groups > len(cmap) {
			return nil, fontError(s.name, "文件已损坏（cmap 表）。")
		}
		out := map[rune]int{}
		for g := range groups {
			at := off + 16 + 12*g
			first, _ := s.u32(cmap, at)
			last, _ := s.u32(cmap, at+4)
			glyph, _ := s.u32(cmap, at+8)
			if last < first || last > unicode.MaxRune {
				return nil, fontError(s.name, "文件已损坏（cmap 表）。")
			}
			for c := max(first, 0x10000); c <= last; c++ {
				out[rune(c)] = glyph + c - first
			}
		}
		return out, nil
	}
	return nil, nil
}

// locaTable returns the offsets of the glyphs in the glyf table.
func (s *sfnt) locaTable(glyphs int) ([]uint32, error) {
	format, err := s.u16(s.tables["head"], 50)
	if err != nil {
		return nil, err
	}
	loca, glyf := s.tables["loca"], s.tables["glyf"]
	out := make([]uint32, glyphs+1)
	for g := range out {
		var off int
		if format == 0 {
			off, err = s.u16(loca, 2*g)
			off *= 2
		} else {
			off, err = s.u32(loca, 4*g)
		}
		if err != nil || off > len(glyf) || (g > 0 && uint32(off) < out[g-1]) {
			return nil, fontError(s.name, "文件已损坏（loca 表）。")
		}
		out[g] = uint32(off)
	}
	return out, nil
}

// cmap4 returns the glyph of every BMP rune from the first Unicode cmap subtable of
// format 4, chosen as fpdf chooses it (platform 3 encoding 1, or platform 0).
func (s *sfnt) cmap4() ([]int, error) {
	cmap := s.tables["cmap"]
	count, err := s.u16(cmap, 2)
	if err != nil {
		return nil, err
	}
	sub := -1
	for i := range count {
		platform, _ := s.u16(cmap, 4+8*i)
		encoding, _ := s.u16(cmap, 6+8*i)
		off, err := s.u32(cmap, 8+8*i)
		if err != nil {
			return nil, err
		}
		if format, _ := s.u16(cmap, off); (platform == 3 && encoding == 1 || platform == 0) && format == 4 {
			sub = off
			break
		}
	}
	if sub < 0 {
		return nil, fontError(s.name, "缺少 Unicode 字符映射表（cmap 格式 4）。")
	}
	length, _ := s.u16(cmap, sub+2)
	end := min(sub+length, len(cmap)) // fpdf's "rim"
	segs, err := s.u16(cmap, sub+6)
	if err != nil {
		return nil, err
	}
	segs /= 2
	ends, starts, deltas, offsets := sub+14, sub+16+2*segs, sub+16+4*segs, sub+16+6*segs
	if offsets+2*segs > len(cmap) {
		return nil, fontError(s.name, "文件已损坏（cmap 表）。")
	}
	gids := make([]int, 0x10000)
	for i := range segs {
		last, _ := s.u16(cmap, ends+2*i)
		first, _ := s.u16(cmap, starts+2*i)
		delta, _ := s.u16(cmap, deltas+2*i)
		rangeOff, _ := s.u16(cmap, offsets+2*i)
		for c := first; c <= last; c++ {
			g := 0
			if rangeOff == 0 {
				g = (c + delta) & 0xffff
			} else if pos := offsets + 2*i + rangeOff + 2*(c-first); pos+2 <= end {
				if g, _ = s.u16(cmap, pos); g != 0 {
					g = (g + delta) & 0xffff
				}
			}
			gids[c] = g
		}
	}
	return gids, nil
}
