package export

import (
	"encoding/binary"
	"errors"
	"slices"
)

// This file cuts a font down to the characters of one document. fpdf does the same
// (UTF8CutFont) but parses the whole font to do it, 10–15 ms for a CJK font; this cut
// reads only the glyphs it keeps, using the tables parsed once by ParseFont, and takes
// well under a millisecond. fpdf then adds the small font to the document and subsets it
// again on output, as it does any font, now cheaply.

// errCut reports a font this cutter cannot handle; fpdf's cutter is used instead.
var errCut = errors.New("font cannot be cut")

// cut returns a TrueType font with the glyphs of the sorted, distinct runes (each of
// which f has), the components of composite glyphs among them and .notdef, numbered
// in their original order from 0, then a narrowed copy of the glyph of each of the
// sorted, distinct halves: the same outline with half an em less advance, for a
// compressed mark. A rune above U+FFFF, which fpdf cannot address, and the narrowed
// copies are mapped in the cut's cmap from aliases in the Private Use Area (see
// aliasesFor), which are returned.
func (f *Font) cut(runes, halves []rune) ([]byte, aliases, error) {
	halves = slices.DeleteFunc(slices.Clone(halves), func(r rune) bool { return !f.Has(r) || r > 0xffff })
	for _, r := range halves { // a narrowed mark needs its glyph
		if _, found := slices.BinarySearch(runes, r); !found {
			runes = append(slices.Clone(runes), halves...)
			slices.Sort(runes)
			runes = slices.Compact(runes)
			break
		}
	}
	glyf := f.tables["glyf"]
	used := map[int]bool{0: true}
	work := []int{0}
	for _, r := range runes {
		if g := f.gid(r); f.Has(r) && !used[g] {
			used[g] = true
			work = append(work, g)
		}
	}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		comps, err := components(glyf[f.loca[g]:f.loca[g+1]])
		if err != nil {
			return nil, aliases{}, err
		}
		for _, c := range comps {
			if c.glyph >= len(f.loca)-1 {
				return nil, aliases{}, errCut
			}
			if !used[c.glyph] {
				used[c.glyph] = true
				work = append(work, c.glyph)
			}
		}
	}
	old := make([]int, 0, len(used)) // original glyph by new glyph
	for g := range used {
		old = append(old, g)
	}
	slices.Sort(old)
	renumber := make(map[int]int, len(old))
	for n, g := range old {
		renumber[g] = n
	}

	// The narrowed copies follow, as glyphs of their own.
	glyphs := slices.Clone(old)
	for _, r := range halves {
		glyphs = append(glyphs, f.gid(r))
	}

	// glyf and loca (long offsets), composite glyphs pointing at the new numbers; hmtx
	// with a long metric for every glyph.
	hmtx := f.tables["hmtx"]
	var glyfOut []byte
	loca := make([]byte, 4*(len(glyphs)+1))
	hmtxOut := make([]byte, 4*len(glyphs))
	for n, g := range glyphs {
		binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyfOut)))
		data := glyf[f.loca[g]:f.loca[g+1]]
		comps, _ := components(data)
		if len(comps) > 0 {
			data = slices.Clone(data)
			for _, c := range comps {
				binary.BigEndian.PutUint16(data[c.at:], uint16(renumber[c.glyph]))
			}
		}
		glyfOut = append(glyfOut, data...)
		for len(glyfOut)%4 != 0 {
			glyfOut = append(glyfOut, 0)
		}
		adv, lsb := 4*min(g, f.hMetrics-1), 4*g+2
		if g >= f.hMetrics {
			lsb = 4*f.hMetrics + 2*(g-f.hMetrics)
		}
		if lsb+2 > len(hmtx) {
			return nil, aliases{}, errCut
		}
		copy(hmtxOut[4*n:], hmtx[adv:adv+2])
		copy(hmtxOut[4*n+2:], hmtx[lsb:lsb+2])
		if n >= len(old) { // a narrowed copy
			w := int(binary.BigEndian.Uint16(hmtx[adv:])) - f.upem/2
			binary.BigEndian.PutUint16(hmtxOut[4*n:], uint16(max(w, 0)))
		}
	}
	binary.BigEndian.PutUint32(loca[4*len(glyphs):], uint32(len(glyfOut)))

	al := aliasesFor(runes, halves)
	cmap, err := f.cmapFor(runes, halves, al, renumber, len(old))
	if err != nil {
		return nil, aliases{}, err
	}
	out := map[string][]byte{
		"glyf": glyfOut, "loca": loca, "hmtx": hmtxOut, "cmap": cmap,
		"head": patch16(f.tables["head"], 50, 1), // indexToLocFormat: long
		"hhea": patch16(f.tables["hhea"], 34, len(glyphs)),
		"maxp": patch16(f.tables["maxp"], 4, len(glyphs)),
	}
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := f.tables[tag]; ok {
			out[tag] = t
		}
	}
	// post as version 3, without glyph names (which would no longer match), as fpdf does.
	post := f.tables["post"]
	if len(post) < 16 {
		return nil, aliases{}, errCut
	}
	out["post"] = append(append([]byte{0, 3, 0, 0}, post[4:16]...), make([]byte, 16)...)
	if len(out["head"]) < 54 || len(out["hhea"]) < 36 || len(out["maxp"]) < 6 {
		return nil, aliases{}, errCut
	}
	return assemble(out), al, nil
}

// Private Use Area code points give fpdf, whose fonts are indexed by 16-bit code, an
// address for what has none: the characters above U+FFFF, and the narrowed copies of
// compressed marks. A document's PDF maps each alias back to its character in the font's
// ToUnicode map (tounicode.go), so that copying and searching the text give the
// character, not the alias.
const (
	aliasFirst = 0xe000
	aliasLast  = 0xf8ff
)

// aliases are the Private Use Area code points a cut font maps: by the character above
// U+FFFF, and by the mark whose narrowed copy they address.
type aliases struct {
	supp, half map[rune]rune
}

// target returns the character each alias stands for.
func (a aliases) target() map[rune]rune {
	out := make(map[rune]rune, len(a.supp)+len(a.half))
	for r, al := range a.supp {
		out[al] = r
	}
	for r, al := range a.half {
		out[al] = r
	}
	return out
}

// aliasesFor gives each rune above U+FFFF among the sorted, distinct runes, then each
// of the halves, an alias: the Private Use Area code points in order, skipping those the
// runes use themselves (an office's own characters there keep their code). What finds
// no alias among the area's 6,400 gets none: a character above U+FFFF is then not in
// the cut and a mark is set at full width (a document with that many distinct rare
// characters is not minutes).
func aliasesFor(runes, halves []rune) aliases {
	var al aliases
	next := rune(aliasFirst)
	take := func() (rune, bool) {
		for next <= aliasLast {
			if _, taken := slices.BinarySearch(runes, next); !taken {
				next++
				return next - 1, true
			}
			next++
		}
		return 0, false
	}
	for _, r := range runes {
		if r <= 0xffff {
			continue
		}
		a, ok := take()
		if !ok {
			return al
		}
		if al.supp == nil {
			al.supp = map[rune]rune{}
		}
		al.supp[r] = a
	}
	for _, r := range halves {
		a, ok := take()
		if !ok {
			return al
		}
		if al.half == nil {
			al.half = map[rune]rune{}
		}
		al.half[r] = a
	}
	return al
}

// component is one glyph of a composite glyph, and where its number is stored.
type component struct{ glyph, at int }

// components returns the glyphs a composite glyph is made of; none for a simple one.
func components(glyph []byte) ([]component, error) {
	if len(glyph) < 10 || int16(binary.BigEndian.Uint16(glyph)) >= 0 {
		return nil, nil
	}
	var out []component
	for p := 10; ; {
		if p+4 > len(glyph) {
			return nil, errCut
		}
		flags := binary.BigEndian.Uint16(glyph[p:])
		out = append(out, component{int(binary.BigEndian.Uint16(glyph[p+2:])), p + 2})
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			return out, nil
		}
	}
}

// cmapFor returns a cmap table with one format 4 subtable (platform 3, encoding 1)
// mapping the runes (those above U+FFFF by their aliases) to their renumbered glyphs
// and the aliases of the halves to the narrowed copies, numbered from first in the
// halves' order; consecutive codes with consecutive glyphs share a segment.
func (f *Font) cmapFor(runes, halves []rune, al aliases, renumber map[int]int, first int) ([]byte, error) {
	type mapping struct{ code, glyph int }
	var maps []mapping
	for _, r := range runes {
		if !f.Has(r) {
			continue
		}
		code := int(r)
		if r > 0xffff {
			a, ok := al.supp[r]
			if !ok {
				continue
			}
			code = int(a)
		}
		maps = append(maps, mapping{code, renumber[f.gid(r)]})
	}
	for k, r := range halves {
		if a, ok := al.half[r]; ok {
			maps = append(maps, mapping{int(a), first + k})
		}
	}
	slices.SortFunc(maps, func(a, b mapping) int { return a.code - b.code })
	type segment struct{ start, end, delta int }
	var segs []segment
	for _, m := range maps {
		r, g := m.code, m.glyph
		if k := len(segs) - 1; k >= 0 && segs[k].end == r-1 && (segs[k].end+segs[k].delta)&0xffff == g-1 {
			segs[k].end++
			continue
		}
		segs = append(segs, segment{r, r, (g - r) & 0xffff})
	}
	segs = append(segs, segment{0xffff, 0xffff, 1})
	count := len(segs)
	length := 16 + 8*count
	if length > 0xffff {
		return nil, errCut
	}
	search, selector := 1, 0
	for search*2 <= count {
		search, selector = search*2, selector+1
	}
	b := make([]byte, 12+length)
	put := func(off, v int) { binary.BigEndian.PutUint16(b[off:], uint16(v)) }
	put(2, 1) // one subtable
	put(4, 3) // platform: Windows
	put(6, 1) // encoding: Unicode BMP
	binary.BigEndian.PutUint32(b[8:], 12)
	sub := 12
	put(sub, 4)
	put(sub+2, length)
	put(sub+6, 2*count)
	put(sub+8, 2*search)
	put(sub+10, selector)
	put(sub+12, 2*count-2*search)
	for i, s := range segs {
		put(sub+14+2*i, s.end)
		put(sub+16+2*count+2*i, s.start)
		put(sub+16+4*count+2*i, s.delta)
		// idRangeOffset stays 0: glyph = rune + delta.
	}
	return b, nil
}

// patch16 returns a copy of table with the 16-bit value at off set to v.
func patch16(table []byte, off, v int) []byte {
	out := slices.Clone(table)
	if off+2 <= len(out) {
		binary.BigEndian.PutUint16(out[off:], uint16(v))
	}
	return out
}

// assemble writes the tables as a TrueType file: the directory sorted by tag, each
// table 4-byte aligned, checksums and the head's checkSumAdjustment filled in.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	search, selector := 1, 0
	for search*2 <= n {
		search, selector = search*2, selector+1
	}
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16*search))
	binary.BigEndian.PutUint16(out[8:], uint16(selector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16*search))
	headAt := 0
	for i, t := range tags {
		data := tables[t]
		if t == "head" {
			data = slices.Clone(data)
			binary.BigEndian.PutUint32(data[8:], 0) // checkSumAdjustment, set below
			headAt = len(out)
		}
		rec := out[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xb1b0afba-checksum(out))
	return out
}

// checksum is the TrueType table checksum: the sum of big-endian 32-bit words.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
