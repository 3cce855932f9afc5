package meeting

import (
	"fmt"
	"regexp"
	"strconv"
)

// DocNumber is the number of a finalized set of minutes, e.g. 〔2026〕12号. Numbers
// count per year from 1, are assigned at the first finalization and never reused.
type DocNumber struct {
	Year int `json:"year"`
	Seq  int `json:"seq"`
}

// IsZero reports whether no number has been assigned.
func (n DocNumber) IsZero() bool { return n.Year == 0 && n.Seq == 0 }

// String returns the GB/T 9704 form: full year in 六角括号, no leading zeros, no 第.
func (n DocNumber) String() string {
	if n.IsZero() {
		return ""
	}
	return fmt.Sprintf("〔%d〕%d号", n.Year, n.Seq)
}

var docNumberPattern = regexp.MustCompile(`^〔(\d{4})〕([1-9]\d*)号$`)

// ParseDocNumber parses "〔2026〕12号".
func ParseDocNumber(s string) (DocNumber, error) {
	m := docNumberPattern.FindStringSubmatch(s)
	if m == nil {
		return DocNumber{}, fmt.Errorf("文号格式应为 〔2026〕12号")
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	return DocNumber{y, n}, nil
}
