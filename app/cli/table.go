package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// writeTable prints rows as aligned columns for a terminal. Chinese characters take two
// columns there, which text/tabwriter does not know, so widths are counted here.
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// displayWidth returns how many terminal columns s takes: two for East Asian wide and
// full-width characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if wide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation such as 〔〕
		(r >= 0xFF00 && r <= 0xFF60) || // full-width forms
		(r >= 0x1100 && r <= 0x115F) || (r >= 0xAC00 && r <= 0xD7A3)
}
