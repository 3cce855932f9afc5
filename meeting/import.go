package meeting

import (
	"fmt"
	"strings"
	"time"
)

// ImportPlan is what importing a meeting file (departments, cases with provisional
// IDs, a meeting) adds to a store, decided against the store's directory: the stores
// write it in one transaction (Store.Import).
type ImportPlan struct {
	// Departments are the entries the directory lacks, by name, to be added (ID 0);
	// the store sets each ID as it stores them.
	Departments []Department
	byName      map[string]ID
}

// PlanImport checks an import against directory before anything is written, so that
// every problem is reported at once, with the paths of the file: "departments[i].…",
// "cases[i].…" (each case needs a distinct, non-zero provisional ID, which the agenda
// refers to) and "meeting.…".
func PlanImport(directory, departments []Department, cases []Case, m Meeting) (ImportPlan, error) {
	p := ImportPlan{byName: map[string]ID{}}
	for _, d := range directory {
		p.byName[strings.TrimSpace(d.Name)] = d.ID
	}
	var ps Problems
	adding := map[string]bool{}
	for i, d := range departments {
		name := strings.TrimSpace(d.Name)
		if _, ok := p.byName[name]; ok || adding[name] {
			continue
		}
		adding[name] = true
		ps = append(ps, prefixed(fmt.Sprintf("departments[%d].", i), d.Validate())...)
		d.ID = 0
		p.Departments = append(p.Departments, d)
	}
	provisional := map[ID]int{}
	for i := range cases {
		at := fmt.Sprintf("cases[%d].", i)
		switch first, dup := provisional[cases[i].ID]; {
		case cases[i].ID == 0:
			ps = append(ps, Problem{Field: at + "id", Message: fmt.Sprintf("诉求%d缺少临时编号，议题靠它关联诉求。", i+1)})
		case dup:
			ps = append(ps, Problem{Field: at + "id", Message: fmt.Sprintf("诉求%d与诉求%d的临时编号 %d 重复。", i+1, first+1, cases[i].ID)})
		default:
			provisional[cases[i].ID] = i
		}
		ps = append(ps, prefixed(at, cases[i].Validate())...)
	}
	mn := Minutes{Meeting: m, Cases: cases}
	ps = append(ps, prefixed("meeting.", mn.Validate())...)
	return p, ps.Err()
}

// Added records the ID the store gave the plan's department i.
func (p *ImportPlan) Added(i int, id ID) {
	p.Departments[i].ID = id
	p.byName[strings.TrimSpace(p.Departments[i].Name)] = id
}

// Draft is the imported meeting as the store keeps it: m's content as a new draft
// with id, created at now, its agenda referring to the cases' real IDs (realCase maps
// each provisional ID), its attendance naming directory entries by ID, and UIDs for
// the meeting and its decisions.
func (p *ImportPlan) Draft(id ID, m Meeting, realCase map[ID]ID, now time.Time) (Meeting, error) {
	stored := Meeting{ID: id, UID: m.UID, State: StateDraft, Created: now}
	in := m
	in.Agenda = CloneAgenda(m.Agenda)
	in.Attendance = append([]Attendance(nil), m.Attendance...)
	if err := stored.Edit(in, now); err != nil {
		return Meeting{}, err
	}
	for i := range stored.Agenda {
		stored.Agenda[i].CaseID = realCase[stored.Agenda[i].CaseID]
	}
	for i := range stored.Attendance {
		if a := &stored.Attendance[i]; a.DepartmentID == 0 {
			a.DepartmentID = p.byName[strings.TrimSpace(a.Department)]
		}
	}
	stored.AssignUIDs()
	return stored, nil
}
