package export

// This file compresses adjacent full-width punctuation, as Chinese typesetting does
// (W3C "Requirements for Chinese Text Layout" §3.1.6, GB/T 15834's practice): a
// full-width mark fills one em but its ink sits in one half of it, so two marks side by
// side, such as ），or ”。, would show a double gap. The first mark gives up its empty
// half: both glyphs stay, set closer.

// closingMark reports a full-width mark whose empty half is on its right: the stops
// and commas of Simplified Chinese, and the closing brackets and quotes.
func closingMark(r rune) bool {
	switch r {
	case '，', '。', '、', '；', '：', '）', '》', '」', '』', '〕', '】', '’', '”', '〉', '〗', '〙', '］', '｝':
		return true
	}
	return false
}

// openingMark reports a full-width mark whose empty half is on its left: the opening
// brackets and quotes.
func openingMark(r rune) bool {
	switch r {
	case '（', '《', '「', '『', '〔', '【', '‘', '“', '〈', '〖', '〘', '［', '｛':
		return true
	}
	return false
}

// compressible reports whether a gives up half an em before b: a mark empty on its right
// before any mark empty on its left or on its right (），、 ”。 ）（), and a mark empty on
// its left after another (（“), whose empty halves would otherwise meet.
func compressible(a, b rune) bool {
	return closingMark(a) && (closingMark(b) || openingMark(b)) || openingMark(a) && openingMark(b)
}

// compressPunctuation takes half an em (em in mm) off the advance of every mark that
// precedes another as compressible says, where both are full-width in the fonts that
// set them, and reports which runes it compressed.
func compressPunctuation(runes []rune, faces []*Font, advances []float64, em float64) []bool {
	squeezed := make([]bool, len(runes))
	for i := 0; i+1 < len(runes); i++ {
		a, b := runes[i], runes[i+1]
		if !compressible(a, b) || !fullWidth(faces[i], a) || !fullWidth(faces[i+1], b) {
			continue
		}
		advances[i] -= em / 2
		squeezed[i] = true
	}
	return squeezed
}

// fullWidth reports whether f sets r one em wide (within a tenth), as a mark must be for
// its empty half to be there to give up: a font that sets quotes proportionally has none.
func fullWidth(f *Font, r rune) bool {
	return f != nil && f.Advance(r) >= 900
}
