package export

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"backstop/meeting"
)

// This file gives characters above U+FFFF back their identity in the PDF. fpdf addresses
// a font's glyphs by 16-bit code and writes for every font the same ToUnicode map, code
// for code; a character beyond U+FFFF is therefore written as its alias in the Private
// Use Area (subset.go), and without more a reader that copies or searches the text would
// get the alias. mapAliases appends to fpdf's output an incremental update (ISO 32000-1
// §7.5.6) that replaces the ToUnicode map of each font with aliases by one that maps
// every alias to its character, leaving fpdf's bytes as they are. The update is
// deterministic: the same document gives the same bytes.

// fontDict matches the Type0 font dictionaries fpdf writes for a UTF-8 font.
var fontDict = regexp.MustCompile(`/BaseFont /(\S+)\n/Encoding /Identity-H\n/DescendantFonts \[\d+ 0 R\]\n/ToUnicode (\d+) 0 R>>`)

// trailerRe matches fpdf's trailer, holding the size, root and info entries.
var trailerRe = regexp.MustCompile(`trailer\n<<\n(/Size (\d+)\n/Root \d+ 0 R\n/Info \d+ 0 R\n)(?:[^>]*)>>\nstartxref\n(\d+)\n%%EOF\n?$`)

// mapAliases returns the PDF with the ToUnicode maps of the fonts that have aliases
// replaced, or the PDF unchanged when no font has any.
func (fam fontFamilies) mapAliases(pdf []byte) ([]byte, error) {
	type replacement struct {
		obj    int
		target map[rune]rune // by alias
	}
	var reps []replacement
	for _, m := range fontDict.FindAllSubmatch(pdf, -1) {
		for _, f := range fam.order {
			target := fam.aliases[f].target()
			if len(target) == 0 || !strings.EqualFold(string(m[1]), "utf8"+fam.name[f]) {
				continue
			}
			obj, _ := strconv.Atoi(string(m[2]))
			reps = append(reps, replacement{obj, target})
		}
	}
	if len(reps) == 0 {
		return pdf, nil
	}
	tr := trailerRe.FindSubmatch(pdf)
	if tr == nil || len(reps) != countAliased(fam) {
		return nil, &meeting.Error{Code: meeting.CodeInternal, Message: "生成 PDF 时出错（无法为生僻字写入文字映射）。"}
	}
	slices.SortFunc(reps, func(a, b replacement) int { return a.obj - b.obj })
	out := bytes.NewBuffer(slices.Clip(pdf))
	offsets := make([]int, len(reps))
	for i, r := range reps {
		offsets[i] = out.Len()
		cmap := toUnicodeCMap(r.target)
		fmt.Fprintf(out, "%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", r.obj, len(cmap), cmap)
	}
	xref := out.Len()
	out.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for i, r := range reps {
		fmt.Fprintf(out, "%d 1\n%010d 00000 n \n", r.obj, offsets[i])
	}
	fmt.Fprintf(out, "trailer\n<<\n%s/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n", tr[1], tr[3], xref)
	return out.Bytes(), nil
}

func countAliased(fam fontFamilies) int {
	n := 0
	for _, f := range fam.order {
		if a := fam.aliases[f]; len(a.supp)+len(a.half) > 0 {
			n++
		}
	}
	return n
}

// toUnicodeCMap returns a ToUnicode CMap that maps every 16-bit code to itself, as
// fpdf's does, except the aliases, which map to the characters they stand for (in
// UTF-16, a surrogate pair above U+FFFF).
func toUnicodeCMap(target map[rune]rune) string {
	type pair struct{ alias, r rune }
	var pairs []pair
	for a, r := range target {
		pairs = append(pairs, pair{a, r})
	}
	slices.SortFunc(pairs, func(a, b pair) int { return int(a.alias - b.alias) })
	var ranges []string // identity ranges around the aliases
	from := rune(0)
	for _, p := range pairs {
		if p.alias > from {
			ranges = append(ranges, fmt.Sprintf("<%04X> <%04X> <%04X>", from, p.alias-1, from))
		}
		from = p.alias + 1
	}
	if from <= 0xffff {
		ranges = append(ranges, fmt.Sprintf("<%04X> <FFFF> <%04X>", from, from))
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	// A CMap section holds at most 100 entries.
	for len(ranges) > 0 {
		n := min(len(ranges), 100)
		fmt.Fprintf(&b, "%d beginbfrange\n%s\nendbfrange\n", n, strings.Join(ranges[:n], "\n"))
		ranges = ranges[n:]
	}
	for len(pairs) > 0 {
		n := min(len(pairs), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, p := range pairs[:n] {
			fmt.Fprintf(&b, "<%04X> <", p.alias)
			for _, u := range utf16.Encode([]rune{p.r}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		pairs = pairs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}
