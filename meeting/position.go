package meeting

import (
	"fmt"
	"slices"
)

// Stance is what a department said about an agenda item (部门意见). The value
// judgment stays the chair's (Judgment); a stance records who agreed and who reserved,
// so that a collective decision is on record as collective.
type Stance string

// Stances, in display order: the digit keys 1–4 of the form follow it.
const (
	StanceAgree       Stance = "agree"        // 同意
	StanceInPrinciple Stance = "in_principle" // 原则同意
	StanceReserved    Stance = "reserved"     // 保留意见
	StanceAgainst     Stance = "against"      // 不同意
)

// Stances lists every stance in display order.
var Stances = []Stance{StanceAgree, StanceInPrinciple, StanceReserved, StanceAgainst}

// Valid reports whether s is a known stance.
func (s Stance) Valid() bool { return slices.Contains(Stances, s) }

// Label returns the Chinese name of the stance.
func (s Stance) Label() string {
	switch s {
	case StanceAgree:
		return "同意"
	case StanceInPrinciple:
		return "原则同意"
	case StanceReserved:
		return "保留意见"
	case StanceAgainst:
		return "不同意"
	}
	return string(s)
}

// NeedsStatement reports whether the stance must say why: a reservation or a refusal
// without its reason would protect nobody.
func (s Stance) NeedsStatement() bool { return s == StanceReserved || s == StanceAgainst }

// Dissenting reports whether the department did not simply agree: such a department
// signs the 会签页 with reservations.
func (s Stance) Dissenting() bool { return s == StanceReserved || s == StanceAgainst }

// DepartmentPosition is one attending department's position on one agenda item.
// Department is the attendance row's name, as decisions refer to it.
type DepartmentPosition struct {
	Department string `json:"department"`
	Stance     Stance `json:"stance"`
	Statement  string `json:"statement,omitempty"`  // required for 保留意见 and 不同意
	Conditions string `json:"conditions,omitempty"` // what the department attaches to its agreement
}

// PositionOf returns the named department's position on the item.
func (it *AgendaItem) PositionOf(department string) (DepartmentPosition, bool) {
	for _, p := range it.Positions {
		if p.Department == department {
			return p, true
		}
	}
	return DepartmentPosition{}, false
}

// DissentingDepartments returns the departments that took a dissenting position
// (保留意见 or 不同意) on any agenda item, in attendance order.
func (m *Meeting) DissentingDepartments() []string {
	var out []string
	for _, a := range m.Attendance {
		for i := range m.Agenda {
			if p, ok := m.Agenda[i].PositionOf(a.Department); ok && p.Stance.Dissenting() {
				out = append(out, a.Department)
				break
			}
		}
	}
	return out
}

// validatePositions checks the positions of agenda item i: a known stance, a
// statement where the stance needs one, one position per department, and only
// departments that attended (出席 or 列席).
func (m *Meeting) validatePositions(ps *Problems, it AgendaItem, at, label string) {
	if len(it.Positions) > MaxListItems {
		ps.add(at+"positions", "%s的部门意见过多：%d 条，最多 %d 条。", label, len(it.Positions), MaxListItems)
	}
	seen := map[string]int{}
	for k, p := range it.Positions {
		pat := fmt.Sprintf("%spositions[%d].", at, k)
		plabel := fmt.Sprintf("%s部门意见%d", label, k+1)
		if p.Department == "" {
			ps.add(pat+"department", "%s未选择单位。", plabel)
		} else {
			if first, dup := seen[p.Department]; dup {
				ps.add(pat+"department", "%s中「%s」的意见重复（第 %d 条和第 %d 条），每个单位只登记一条。", label, p.Department, first+1, k+1)
			} else {
				seen[p.Department] = k
			}
			m.checkAttending(ps, p.Department, pat+"department", plabel+"的单位")
			plabel = fmt.Sprintf("%s「%s」的意见", label, p.Department)
		}
		if !p.Stance.Valid() {
			ps.add(pat+"stance", "请选择%s（同意、原则同意、保留意见或不同意）。", plabel)
		}
		ps.checkText(p.Statement, textRule{pat + "statement", plabel + "的说明", p.Stance.NeedsStatement(), MaxLongText, true})
		ps.checkText(p.Conditions, textRule{pat + "conditions", plabel + "所附条件", false, MaxLongText, true})
	}
}
