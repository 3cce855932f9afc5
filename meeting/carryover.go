package meeting

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// CarryStatus is how a decision of an earlier meeting stands when it is reported in
// the room (上次会议议定事项落实情况).
type CarryStatus string

// Carry-over statuses, in display order.
const (
	CarryDone        CarryStatus = "done"        // 已办结
	CarryProgressing CarryStatus = "progressing" // 推进中, with what is being done
	CarryBlocked     CarryStatus = "blocked"     // 受阻, with why
)

// CarryStatuses lists every carry-over status in display order.
var CarryStatuses = []CarryStatus{CarryDone, CarryProgressing, CarryBlocked}

// Valid reports whether s is a known status.
func (s CarryStatus) Valid() bool { return slices.Contains(CarryStatuses, s) }

// Label returns the Chinese name of the status.
func (s CarryStatus) Label() string {
	switch s {
	case CarryDone:
		return "已办结"
	case CarryProgressing:
		return "推进中"
	case CarryBlocked:
		return "受阻"
	}
	return string(s)
}

// NoteLabel names what the note says for the status: what is under way, or why it
// is stuck; a done decision may say how it was done.
func (s CarryStatus) NoteLabel() string {
	switch s {
	case CarryProgressing:
		return "推进情况"
	case CarryBlocked:
		return "受阻原因"
	}
	return "办结情况"
}

// NeedsNote reports whether the status must say more: 推进中 what, 受阻 why.
func (s CarryStatus) NeedsNote() bool { return s == CarryProgressing || s == CarryBlocked }

// CarryOver is one decision of an earlier meeting reported at this one. It copies
// what the follow-up item says, so that the minutes read the same however the item
// changes later; FollowUpID ties it to the item, whose progress log gets the report
// when the minutes are first finalized.
type CarryOver struct {
	FollowUpID  ID          `json:"follow_up_id,omitempty"`
	DecisionUID string      `json:"decision_uid,omitempty"` // ties it to the item across a transfer
	Number      DocNumber   `json:"number,omitzero"`        // the earlier minutes' number
	Text        string      `json:"text"`                   // the decision
	Lead        string      `json:"lead"`
	Due         Date        `json:"due,omitzero"`
	Status      CarryStatus `json:"status"`
	Note        string      `json:"note,omitempty"` // what (推进中), why (受阻), how (已办结)
}

// CarryOverOf returns the carry-over entry of a follow-up item, status not yet set.
func CarryOverOf(f FollowUp) CarryOver {
	return CarryOver{FollowUpID: f.ID, DecisionUID: f.DecisionUID, Number: f.Number, Text: f.Text, Lead: f.Lead, Due: f.Due}
}

// CarryOverCandidates returns the open follow-up items of meetings before this one
// that it may report on, overdue first, then grouped by lead department (in the order
// of each department's earliest due item), then by due date and number. Items of this
// meeting itself, done items and superseded ones are not offered.
func CarryOverCandidates(m *Meeting, items []FollowUp, today Date) []FollowUp {
	var out []FollowUp
	for _, f := range items {
		if f.Status == FollowUpDone || f.MeetingID == m.ID {
			continue
		}
		if !m.Date.IsZero() && !f.MeetingDate.IsZero() && !f.MeetingDate.Before(m.Date) {
			continue // not an earlier meeting's
		}
		out = append(out, f)
	}
	overdue := func(f FollowUp) bool { return f.Overdue(today) }
	first := map[string]Date{} // each lead's earliest due date
	for _, f := range out {
		if d, ok := first[f.Lead]; !ok || dueBefore(f.Due, d) {
			first[f.Lead] = f.Due
		}
	}
	slices.SortStableFunc(out, func(a, b FollowUp) int {
		if oa, ob := overdue(a), overdue(b); oa != ob {
			if oa {
				return -1
			}
			return 1
		}
		if a.Lead != b.Lead {
			return cmp.Or(dueCompare(first[a.Lead], first[b.Lead]), strings.Compare(a.Lead, b.Lead))
		}
		return cmp.Or(dueCompare(a.Due, b.Due), cmp.Compare(a.Number.Year, b.Number.Year), cmp.Compare(a.Number.Seq, b.Number.Seq), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// dueCompare orders due dates, an unset one last.
func dueCompare(a, b Date) int {
	switch {
	case a == b:
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	case a.Before(b):
		return -1
	}
	return 1
}

func dueBefore(a, b Date) bool { return dueCompare(a, b) < 0 }

// CarryOverReport is the text a carry-over entry adds to its item's progress log.
func (c CarryOver) Report(m *Meeting) string {
	var b strings.Builder
	fmt.Fprintf(&b, "在%s召开的协调会上报告落实情况：%s", m.Date.Chinese(), c.Status.Label())
	if n := CleanText(c.Note); n != "" {
		b.WriteString("，" + strings.TrimRight(n, "。") + "。")
	} else {
		b.WriteString("。")
	}
	return b.String()
}

// validateCarryOver checks the carry-over part: each entry names its decision and
// lead, has a status, and says what (推进中) or why (受阻); an item is reported once.
func (m *Meeting) validateCarryOver(ps *Problems) {
	if len(m.CarryOver) > MaxListItems {
		ps.add("carry_over", "上次会议议定事项过多：%d 项，最多 %d 项。", len(m.CarryOver), MaxListItems)
	}
	seen := map[ID]int{}
	for k, c := range m.CarryOver {
		at := fmt.Sprintf("carry_over[%d].", k)
		label := fmt.Sprintf("上次会议议定事项第 %d 项", k+1)
		if c.FollowUpID != 0 {
			if first, dup := seen[c.FollowUpID]; dup {
				ps.add(at+"follow_up_id", "上次会议议定事项第 %d 项和第 %d 项是同一事项，请只保留一项。", first+1, k+1)
			} else {
				seen[c.FollowUpID] = k
			}
		}
		ps.checkText(c.Text, textRule{at + "text", label + "的内容", true, MaxLongText, true})
		ps.checkText(c.Lead, textRule{at + "lead", label + "的牵头单位", true, MaxTitle, false})
		if !c.Due.IsZero() {
			ps.checkDate(c.Due, at+"due", label+"的办理时限")
		}
		if !c.Status.Valid() {
			ps.add(at+"status", "请选择%s的落实情况（已办结、推进中或受阻）。", label)
			continue
		}
		ps.checkText(c.Note, textRule{at + "note", label + "的" + c.Status.NoteLabel(), c.Status.NeedsNote(), MaxLongText, true})
	}
}

// ReportCarryOver enters what minutes m reported on the follow-up item f, on their
// first finalization: a progress entry in the lead department's name, and for 已办结
// the item's completion on the meeting's date. An item already done takes nothing
// (reported done, or done since the meeting was prepared).
func ReportCarryOver(f *FollowUp, c CarryOver, m *Meeting) error {
	if f.Status == FollowUpDone {
		return nil
	}
	report := c.Report(m)
	if c.Status == CarryDone {
		return Complete(f, m.Date, report)
	}
	return AddProgress(f, ProgressEntry{On: m.Date, Reporter: c.Lead, Text: report})
}

// LinkCarryOver ties entries that name no follow-up item (written in a meeting file)
// to the open item they report on: the one of the same minutes' number, lead and
// decision text. An entry that matches no item, or more than one, stays as written:
// it is printed, but reports into no progress log. It returns how many were tied.
func LinkCarryOver(entries []CarryOver, items []FollowUp) int {
	linked := 0
	for i := range entries {
		c := &entries[i]
		if c.FollowUpID != 0 {
			continue
		}
		match := -1
		for k := range items {
			f := &items[k]
			if f.Status == FollowUpDone || f.Number != c.Number || f.Lead != c.Lead || CleanText(f.Text) != CleanText(c.Text) {
				continue
			}
			if match >= 0 {
				match = -2 // ambiguous
				break
			}
			match = k
		}
		if match >= 0 {
			c.FollowUpID, c.DecisionUID = items[match].ID, items[match].DecisionUID
			linked++
		}
	}
	return linked
}
