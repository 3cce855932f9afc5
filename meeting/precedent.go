package meeting

import (
	"slices"
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

// BigramSet is a set of pairs of adjacent characters.
type BigramSet map[[2]rune]struct{}

// Bigrams returns the set of pairs of adjacent letters or digits in s (for Chinese,
// every two adjacent Han characters), lower-cased. Punctuation and spaces break the
// pairs. It is the unit by which precedents are matched: Chinese has no spaces to
// split words at, and pairs catch most two-character words.
func Bigrams(s string) BigramSet {
	out := BigramSet{}
	eachBigram(s, func(p [2]rune) { out[p] = struct{}{} })
	return out
}

func eachBigram(s string, fn func([2]rune)) {
	var prev rune
	for _, r := range s {
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			fn([2]rune{prev, r})
		}
		prev = r
	}
}

// SharedBigrams counts the distinct pairs of query found in text. It allocates
// nothing for a short text, as it runs over every title of a category.
func SharedBigrams(query BigramSet, text string) int {
	var seen [32][2]rune
	found := seen[:0]
	eachBigram(text, func(p [2]rune) {
		if _, ok := query[p]; ok && !slices.Contains(found, p) {
			found = append(found, p)
		}
	})
	return len(found)
}

// PrecedentQuery is the text of a case that precedents are matched against: its
// title and request.
func PrecedentQuery(c Case) BigramSet {
	return Bigrams(c.Title + "\n" + c.Request)
}
