package meeting

import "strings"

// creditCodeAlphabet is the GB 32100-2015 character set: digits and capital letters
// without I, O, Z, S and V. A character's value is its index.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidCreditCode reports whether s is a well-formed unified social credit code
// (统一社会信用代码): 18 characters of the GB 32100 alphabet whose last character is
// the check character of the first 17.
func ValidCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeAlphabet, s[i])
		if v < 0 {
			return false
		}
		sum += v * creditCodeWeights[i]
	}
	return s[17] == creditCodeCheck(sum)
}

func creditCodeCheck(weightedSum int) byte {
	c := 31 - weightedSum%31
	if c == 31 {
		c = 0
	}
	return creditCodeAlphabet[c]
}

// NormalizeCreditCode upper-cases s and removes spaces, the forms people type in.
func NormalizeCreditCode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}
