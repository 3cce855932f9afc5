package meeting

import (
	"unicode"
)

// Precedent is a decision taken on an earlier case of the same category whose text
// is like a new case's (同类事项): shown while a case is registered, so that a case
// solved once shows the way for the cases like it.
type Precedent struct {
	Case  Case     // the earlier case
	Item  FollowUp // its decision as followed: text, lead, minutes, status
	Score int      // shared character pairs with the new case; higher is closer
}

// MinPrecedentScore is how many character pairs a case's title must share with the
// new case's text to count as like it: one pair ("厂房") is too common to mean much.
const MinPrecedentScore = 2

// Bigrams returns the set of pairs of adjacent letters or digits in s (for Chinese,
// every two adjacent Han characters), lower-cased. Punctuation and spaces break the
// pairs. It is the unit by which precedents are matched: Chinese has no spaces to
// split words at, and pairs catch most two-character words.
func Bigrams(s string) map[string]struct{} {
	out := map[string]struct{}{}
	var prev rune
	for _, r := range s {
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			out[string([]rune{prev, r})] = struct{}{}
		}
		prev = r
	}
	return out
}

// SharedBigrams counts the pairs of query found in text.
func SharedBigrams(query map[string]struct{}, text string) int {
	n := 0
	for p := range Bigrams(text) {
		if _, ok := query[p]; ok {
			n++
		}
	}
	return n
}

// PrecedentQuery is the text of a case that precedents are matched against: its
// title and request.
func PrecedentQuery(c Case) map[string]struct{} {
	return Bigrams(c.Title + "\n" + c.Request)
}
