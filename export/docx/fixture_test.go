package docx

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"backstop/meeting"
)

// finalized is when the example minutes were finalized: 16:00 in China.
var finalized = time.Date(2026, 10, 12, 8, 0, 0, 0, time.UTC)

// exampleFile reads the meeting JSON of docs/meeting-json.md far enough to build the
// minutes (the command line's importer, which checks it properly, lives in app/cli).
type exampleFile struct {
	Cases []struct {
		Ref string `json:"ref"`
		meeting.Case
	} `json:"cases"`
	Meeting struct {
		meeting.Meeting
		Agenda []struct {
			Case string `json:"case"`
			meeting.AgendaItem
		} `json:"agenda"`
	} `json:"meeting"`
}

// exampleDraft returns examples/plastics-title-meeting.json as draft minutes.
func exampleDraft(t testing.TB) *meeting.Minutes {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "plastics-title-meeting.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f exampleFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	mn := &meeting.Minutes{Meeting: f.Meeting.Meeting}
	mn.Meeting.ID = 12
	ids := map[string]meeting.ID{}
	for i, c := range f.Cases {
		c.Case.ID = meeting.ID(i + 1)
		ids[c.Ref] = c.Case.ID
		mn.Cases = append(mn.Cases, c.Case)
	}
	mn.Meeting.Agenda = nil
	for _, it := range f.Meeting.Agenda {
		it.AgendaItem.CaseID = ids[it.Case]
		mn.Meeting.Agenda = append(mn.Meeting.Agenda, it.AgendaItem)
	}
	mn.Meeting.State = meeting.StateDraft
	return mn
}

// exampleMinutes returns the example finalized as 〔2026〕12号.
func exampleMinutes(t testing.TB) *meeting.Minutes {
	t.Helper()
	mn := exampleDraft(t)
	if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 12}, finalized); err != nil {
		t.Fatalf("the example does not finalize: %v", err)
	}
	return mn
}

// largeMinutes returns the benchmarks' large meeting: 20 agenda items, 60 decisions,
// 15 attending departments, as in package export.
func largeMinutes(t testing.TB) *meeting.Minutes {
	t.Helper()
	ex := exampleDraft(t)
	m := ex.Meeting
	m.Attendance = nil
	var names []string
	for i, d := range meeting.DefaultDirectory()[:15] {
		names = append(names, d.Name)
		m.Attendance = append(m.Attendance, meeting.Attendance{Department: d.Name, Sections: d.Sections, Person: fmt.Sprintf("参会人%d、联络员%d", i+1, i+1), Status: meeting.Present})
	}
	var cases []meeting.Case
	m.Agenda = nil
	for i := range 20 {
		c := ex.Cases[i%len(ex.Cases)]
		c.ID, c.UID = meeting.ID(i+1), fmt.Sprintf("case-%d", i+1)
		c.Applicant.Name = fmt.Sprintf("%s%d", c.Applicant.Name, i+1)
		cases = append(cases, c)
		it := ex.Meeting.Agenda[0]
		it.CaseID = c.ID
		it.Positions = nil
		it.Decisions = nil
		for k := range 3 {
			it.Decisions = append(it.Decisions, meeting.Decision{
				Text: fmt.Sprintf("第%d项议定事项：按分期验收结果办理第%d批厂房的不动产登记，并同步做好抵押登记衔接", k+1, i+1),
				Lead: names[(i+k)%15], Cooperating: []string{names[(i+k+1)%15], names[(i+k+2)%15]},
				Due: meeting.Date{Year: 2026, Month: 11, Day: 1 + k},
			})
		}
		m.Agenda = append(m.Agenda, it)
	}
	mn := &meeting.Minutes{Meeting: m, Cases: cases}
	if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 99}, finalized); err != nil {
		t.Fatalf("the large example does not finalize: %v", err)
	}
	return mn
}

// namesDraft returns the example as a draft whose 出席 line reaches its first line's end
// in the middle of a name: 17 characters of unit, 欧阳明月、 and 司马长风 on a line of
// 23 (28 less the indent and the label), and a name with a character above U+FFFF in
// the 会签页's narrow 参会人员 cell.
func namesDraft(t testing.TB) *meeting.Minutes {
	mn := exampleDraft(t)
	a := &mn.Meeting.Attendance[0]
	a.Department, a.Sections, a.Person = "城市更新和历史文化街区保护利用中心", nil, "欧阳明月、司马长风"
	mn.Meeting.Attendance[1].Person = "许𠀀博、胡𪚥怡"
	return mn
}
